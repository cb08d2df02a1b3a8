<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<p class="crumbs"><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?> <?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
<?cs def:typeform(t, action) ?>
  <form method="post" action="<?cs var:action ?>" class="row-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label><?cs var:Lang.Pl.Types.Name ?> <input name="name" required maxlength="64" value="<?cs var:t.name ?>"></label>
    <label><?cs var:Lang.Pl.Types.Summary ?> <input name="summary" maxlength="255" value="<?cs var:t.summary ?>"></label>
    <label><?cs var:Lang.Pl.Types.Delay ?> <input name="delay_count" type="number" min="0" max="3650" value="<?cs if:t.delay_count ?><?cs var:t.delay_count ?><?cs else ?>0<?cs /if ?>" class="num-input"></label>
    <select name="delay_unit" aria-label="<?cs var:Lang.Pl.Types.Unit ?>"><?cs each:u = Lang.Pl.Types.Units ?><option value="<?cs var:name(u) ?>"<?cs if:t.delay_unit == name(u) ?> selected<?cs /if ?>><?cs var:u ?></option><?cs /each ?></select>
    <select name="delay_from" aria-label="<?cs var:Lang.Pl.Types.From ?>"><?cs each:u = Lang.Pl.Types.Froms ?><option value="<?cs var:name(u) ?>"<?cs if:t.delay_from == name(u) ?> selected<?cs /if ?>><?cs var:u ?></option><?cs /each ?></select>
    <select name="chaining_type" aria-label="<?cs var:Lang.Pl.Types.Chaining ?>"><?cs each:u = Lang.Pl.Types.Chains ?><option value="<?cs var:name(u) ?>"<?cs if:t.chaining_type == name(u) ?> selected<?cs /if ?>><?cs var:u ?></option><?cs /each ?></select>
    <label><?cs var:Lang.Pl.Types.Next ?> <select name="next_type_id"><option value="0"><?cs var:Lang.Pl.None ?></option><?cs each:n = Types ?><option value="<?cs var:n.id ?>"<?cs if:n.id == t.next_type_id ?> selected<?cs /if ?>><?cs var:n.name ?></option><?cs /each ?></select></label>
    <?cs if:t.id ?><label class="check"><input type="checkbox" name="active" value="1"<?cs if:t.active == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Active ?></label><?cs /if ?>
    <button type="submit"><?cs if:t.id ?><?cs var:Lang.Common.Save ?><?cs else ?><?cs var:Lang.Pl.Add ?><?cs /if ?></button>
  </form>
<?cs /def ?>
<?cs each:t = Types ?><section class="card<?cs if:t.active == "0" ?> archived<?cs /if ?>"><?cs call:typeform(t, "/crm/settings/activity-types/" + t.id) ?></section><?cs /each ?>
<section class="card"><h2><?cs var:Lang.Pl.Types.New ?></h2><?cs call:typeform(NewType, "/crm/settings/activity-types") ?></section>
<?cs include!"layout/foot.cs" ?>
