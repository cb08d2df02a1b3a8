<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<h1><?cs var:Page.Heading ?></h1>
<div class="cards">
  <a class="card" href="/crm/settings/stages"><h2><?cs var:Lang.Pl.Stages.Title ?></h2><p class="muted"><?cs var:Lang.Pl.Stages.Intro ?></p></a>
  <a class="card" href="/crm/settings/teams"><h2><?cs var:Lang.Pl.Teams.Title ?></h2><p class="muted"><?cs var:Lang.Pl.Teams.Intro ?></p></a>
  <a class="card" href="/crm/settings/lost-reasons"><h2><?cs var:Lang.Pl.Reasons.Title ?></h2><p class="muted"><?cs var:Lang.Pl.Reasons.Intro ?></p></a>
  <a class="card" href="/crm/settings/activity-types"><h2><?cs var:Lang.Pl.Types.Title ?></h2><p class="muted"><?cs var:Lang.Pl.Types.Intro ?></p></a>
  <a class="card" href="/crm/settings/tags"><h2><?cs var:Lang.Pl.Tags.Title ?></h2><p class="muted"><?cs var:Lang.Pl.Tags.Intro ?></p></a>
  <a class="card" href="/crm/settings/intake"><h2><?cs var:Lang.Pl.Settings.Intake ?></h2><p class="muted"><?cs var:Lang.Pl.Settings.IntakeIntro ?></p></a>
</div>
<section class="card settings-general">
  <h2><?cs var:Lang.Pl.Settings.General ?></h2>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?></p><?cs /if ?>
  <form method="post" action="/crm/settings" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label class="check"><input type="checkbox" name="leads_enabled" value="1"<?cs if:Settings.leads_enabled == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Settings.Leads ?></label>
    <small><?cs var:Lang.Pl.Settings.LeadsHint ?></small>
    <label class="check"><input type="checkbox" name="multi_team" value="1"<?cs if:Settings.multi_team == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Settings.MultiTeam ?></label>
    <small><?cs var:Lang.Pl.Settings.MultiTeamHint ?></small>
    <label class="check"><input type="checkbox" name="require_lost_reason" value="1"<?cs if:Settings.require_lost_reason == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Settings.RequireReason ?></label>
    <label for="s-team"><?cs var:Lang.Pl.Settings.DefaultTeam ?></label>
    <select id="s-team" name="default_team_id"><option value="0"><?cs var:Lang.Pl.None ?></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"<?cs if:#t.id == #Settings.default_team_id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select>
    <?cs call:err("default_team_id") ?>
    <label for="s-iban"><?cs var:Lang.Pl.Settings.Iban ?></label>
    <input id="s-iban" name="company_iban" type="text" maxlength="42" autocomplete="off" value="<?cs var:Settings.company_iban ?>">
    <small><?cs var:Lang.Pl.Settings.IbanHint ?></small>
    <?cs call:err("company_iban") ?>
    <label for="s-bic"><?cs var:Lang.Pl.Settings.Bic ?></label>
    <input id="s-bic" name="company_bic" type="text" maxlength="15" autocomplete="off" value="<?cs var:Settings.company_bic ?>">
    <?cs call:err("company_bic") ?>
    <button type="submit" class="primary"><?cs var:Lang.Common.Save ?></button>
  </form>
</section>
<section class="card settings-general" id="quotations">
  <h2><?cs var:Lang.Pl.Settings.Quotes ?></h2>
  <form method="post" action="/crm/settings/quotations" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label for="q-validity"><?cs var:Lang.Pl.Settings.QuoteValidity ?></label>
    <input id="q-validity" name="validity_days" type="number" min="0" max="3650" required value="<?cs var:Quote.validity_days ?>">
    <small><?cs var:Lang.Pl.Settings.QuoteValidityHint ?></small>
    <?cs call:err("validity_days") ?>
    <label for="q-numbering"><?cs var:Lang.Pl.Settings.QuoteNumbering ?></label>
    <select id="q-numbering" name="numbering">
      <option value="global"<?cs if:Quote.numbering == "global" ?> selected<?cs /if ?>><?cs var:Lang.Pl.Settings.QuoteNumberingGlobal ?></option>
      <option value="year"<?cs if:Quote.numbering == "year" ?> selected<?cs /if ?>><?cs var:Lang.Pl.Settings.QuoteNumberingYear ?></option>
    </select>
    <?cs call:err("numbering") ?>
    <label for="q-followup"><?cs var:Lang.Pl.Settings.QuoteFollowup ?></label>
    <input id="q-followup" name="followup_days" type="number" min="0" max="365" required value="<?cs var:Quote.followup_days ?>">
    <small><?cs var:Lang.Pl.Settings.QuoteFollowupHint ?></small>
    <?cs call:err("followup_days") ?>
    <button type="submit" class="primary"><?cs var:Lang.Common.Save ?></button>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
