<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "quotes" ?><?cs include!"quotes/tabs.cs" ?>
<h1><?cs var:Lang.Quotes.New ?></h1>
<section class="card">
  <p><?cs var:Lang.Quotes.NewPage.From ?> <a href="/crm/leads/<?cs var:Opp.id ?>"><strong><?cs var:Opp.name ?></strong></a></p>
  <?cs if:Opp.Refused ?>
  <p class="error" role="alert"><?cs var:Lang.Quotes.NewPage.Refused[Opp.Refused] ?></p>
  <p><a class="button" href="/crm/leads/<?cs var:Opp.id ?>"><?cs var:Lang.Quotes.NewPage.BackToOpp ?></a></p>
  <?cs else ?>
  <form method="post" action="/quotes/new" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <input type="hidden" name="opportunity_id" value="<?cs var:Opp.id ?>">
    <?cs if:Opp.partner_id ?>
    <p><?cs var:Lang.Quotes.NewPage.HasCustomer ?>: <strong><?cs var:Opp.partner_display ?></strong></p>
    <?cs else ?>
    <fieldset class="choices">
      <legend><?cs var:Lang.Quotes.NewPage.CustomerQuestion ?></legend>
      <label><input type="radio" name="customer" value="create"<?cs if:New.Customer == "create" ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.NewPage.CustomerCreate ?>
        <?cs if:Opp.partner_name || Opp.contact_name ?><small>(<?cs var:Opp.partner_name ?><?cs if:Opp.partner_name && Opp.contact_name ?>, <?cs /if ?><?cs var:Opp.contact_name ?>)</small><?cs /if ?></label>
      <label><input type="radio" name="customer" value="link"<?cs if:New.Customer == "link" ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.NewPage.CustomerLink ?></label>
      <?cs if:Opp.match_id ?><p class="muted"><?cs var:Lang.Quotes.NewPage.Match ?> <?cs var:Opp.match_name ?></p><?cs /if ?>
      <select name="partner_id" aria-label="<?cs var:Lang.Quotes.Field.Customer ?>">
        <option value=""></option>
        <?cs each:p = Partners ?><option value="<?cs var:p.id ?>"<?cs if:New.PartnerId == p.id ?> selected<?cs /if ?>><?cs var:p.name ?><?cs if:p.company ?> (<?cs var:p.company ?>)<?cs /if ?><?cs if:p.email ?> · <?cs var:p.email ?><?cs /if ?></option><?cs /each ?>
      </select>
      <?cs if:Errors.partner_id ?><p class="field-error"><?cs var:Errors.partner_id ?></p><?cs /if ?>
      <label><input type="radio" name="customer" value="none"<?cs if:New.Customer == "none" ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.NewPage.CustomerNone ?></label>
    </fieldset>
    <?cs /if ?>
    <label for="template_id"><?cs var:Lang.Quotes.Field.Template ?></label>
    <select id="template_id" name="template_id">
      <option value=""><?cs var:Lang.Quotes.NewPage.NoTemplate ?></option>
      <?cs each:t = Templates ?><option value="<?cs var:t.id ?>"<?cs if:New.TemplateId == t.id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?>
    </select>
    <p><button type="submit" class="primary"><?cs var:Lang.Quotes.Action.Create ?></button>
      <a href="/crm/leads/<?cs var:Opp.id ?>"><?cs var:Lang.Common.Cancel ?></a></p>
  </form>
  <?cs /if ?>
</section>
<?cs include!"layout/foot.cs" ?>
