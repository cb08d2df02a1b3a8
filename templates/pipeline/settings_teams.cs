<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<p class="crumbs"><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?> <?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
<table class="list card">
  <thead><tr><th><?cs var:Lang.Pl.Teams.Name ?></th><th><?cs var:Lang.Pl.Teams.Leader ?></th><th><?cs var:Lang.Pl.Teams.Alias ?></th><th><?cs var:Lang.Pl.Teams.UseLeads ?></th><th><?cs var:Lang.Pl.Teams.UsePipeline ?></th><th class="num"><?cs var:Lang.Pl.Teams.Members ?></th></tr></thead>
  <tbody><?cs each:t = Teams ?><tr<?cs if:t.active == "0" ?> class="archived"<?cs /if ?>>
    <td><a href="/crm/settings/teams/<?cs var:t.id ?>"><?cs var:t.name ?></a></td><td><?cs var:t.leader_name ?></td><td><?cs var:t.alias ?></td>
    <td><?cs if:t.use_leads == "1" ?><?cs var:Lang.Common.Yes ?><?cs else ?><?cs var:Lang.Common.No ?><?cs /if ?></td>
    <td><?cs if:t.use_opportunities == "1" ?><?cs var:Lang.Common.Yes ?><?cs else ?><?cs var:Lang.Common.No ?><?cs /if ?></td>
    <td class="num"><?cs var:t.member_count ?></td></tr><?cs /each ?></tbody>
</table>
<section class="card">
  <h2><?cs var:Lang.Pl.Teams.New ?></h2>
  <form method="post" action="/crm/settings/teams" class="row-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label><?cs var:Lang.Pl.Teams.Name ?> <input name="name" required maxlength="128"></label><?cs call:err("name") ?>
    <label><?cs var:Lang.Pl.Teams.Leader ?> <select name="leader_id"><option value="0"></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"><?cs var:u.name ?></option><?cs /each ?></select></label>
    <label><?cs var:Lang.Pl.Teams.Alias ?> <input name="alias" maxlength="254"></label><?cs call:err("alias") ?>
    <label class="check"><input type="checkbox" name="use_leads" value="1" checked> <?cs var:Lang.Pl.Teams.UseLeads ?></label>
    <label class="check"><input type="checkbox" name="use_opportunities" value="1" checked> <?cs var:Lang.Pl.Teams.UsePipeline ?></label>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Add ?></button>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
