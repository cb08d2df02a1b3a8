<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.Pl.ConvertMass.Title ?></h1>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
  <form method="post" action="/crm/leads/convert" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <ul><?cs each:r = Rows ?><li><input type="hidden" name="ids" value="<?cs var:r.id ?>"><a href="/crm/leads/<?cs var:r.id ?>"><?cs var:r.name ?></a> <?cs var:r.email_from ?></li><?cs /each ?></ul>
    <label for="cm-users"><?cs var:Lang.Pl.ConvertMass.Salespersons ?></label>
    <select id="cm-users" name="user_ids" multiple size="5"><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"><?cs var:u.name ?></option><?cs /each ?></select>
    <?cs call:err("user_ids") ?>
    <label for="cm-team"><?cs var:Lang.Pl.Lead.Team ?></label>
    <select id="cm-team" name="team_id"><option value=""></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"><?cs var:t.name ?></option><?cs /each ?></select>
    <label><input type="checkbox" name="dedupe" value="1" checked> <?cs var:Lang.Pl.ConvertMass.Dedupe ?></label>
    <label><input type="radio" name="customer" value="auto" checked> <?cs var:Lang.Pl.ConvertMass.CustomerAuto ?></label>
    <label><input type="radio" name="customer" value="none"> <?cs var:Lang.Pl.Convert.CustomerNone ?></label>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Convert.Submit ?></button>
    <a href="/crm/leads"><?cs var:Lang.Common.Cancel ?></a>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
