<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.Pl.Lost.Title ?></h1>
  <p><a href="/crm/leads/<?cs var:Lead.id ?>"><?cs var:Lead.name ?></a></p>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?></p><?cs /if ?>
  <form method="post" action="/crm/leads/<?cs var:Lead.id ?>/lost" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <?cs if:Lost.Next ?><input type="hidden" name="next" value="<?cs var:Lost.Next ?>"><?cs /if ?>
    <label for="l-reason"><?cs var:Lang.Pl.Lead.LostReason ?></label>
    <select id="l-reason" name="lost_reason_id"><option value=""><?cs var:Lang.Pl.None ?></option><?cs each:r = Opt.Reasons ?><option value="<?cs var:r.id ?>"<?cs if:r.id == Lost.Reason ?> selected<?cs /if ?>><?cs var:r.name ?></option><?cs /each ?></select>
    <?cs call:err("lost_reason_id") ?>
    <label for="l-note"><?cs var:Lang.Pl.Lost.Note ?></label>
    <textarea id="l-note" name="note" rows="4" maxlength="20000"><?cs var:Lost.Note ?></textarea>
    <?cs call:err("note") ?>
    <button type="submit" class="danger"><?cs var:Lang.Pl.Lead.MarkLost ?></button>
    <a href="/crm/leads/<?cs var:Lead.id ?>"><?cs var:Lang.Common.Cancel ?></a>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
