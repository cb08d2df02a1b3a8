<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<?cs if:New ?>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?><?cs each:e = Errors ?><?cs if:name(e) != "_any" ?> <?cs var:e ?><?cs /if ?><?cs /each ?></p><?cs /if ?>
<form method="post" action="/crm/leads" class="record card">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <input type="hidden" name="type" value="<?cs var:Lead.type ?>">
<?cs else ?>
<div class="record-head">
  <p class="crumbs"><a href="<?cs if:Lead.type == "opportunity" ?>/crm/opportunities<?cs else ?>/crm/leads<?cs /if ?>"><?cs if:Lead.type == "opportunity" ?><?cs var:Lang.Nav.Opportunities ?><?cs else ?><?cs var:Lang.Nav.Leads ?><?cs /if ?></a> / #<?cs var:Lead.id ?></p>
  <div class="actions" id="actions">
    <?cs if:Lead.active == "1" ?>
      <?cs if:Lead.is_won != "1" ?><form method="post" action="/crm/leads/<?cs var:Lead.id ?>/won" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button class="primary won-btn"><?cs var:Lang.Pl.Lead.MarkWon ?></button></form><?cs /if ?>
      <a class="button" href="/crm/leads/<?cs var:Lead.id ?>/lost"><?cs var:Lang.Pl.Lead.MarkLost ?></a>
    <?cs else ?>
      <form method="post" action="/crm/leads/<?cs var:Lead.id ?>/restore" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button class="primary"><?cs var:Lang.Pl.Lead.Restore ?></button></form>
    <?cs /if ?>
    <?cs each:b = Lead.Actions ?><?cs if:b.Method == "post" ?><form method="post" action="<?cs var:b.Url ?>" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button><?cs var:b.Label ?></button></form><?cs else ?><a class="button" href="<?cs var:b.Url ?>"><?cs var:b.Label ?></a><?cs /if ?><?cs /each ?>
  </div>
  <?cs if:Lead.type == "opportunity" && Lead.active == "1" ?>
  <ol class="statusbar" aria-label="<?cs var:Lang.Pl.Lead.Stage ?>">
    <?cs each:s = Opt.Stages ?>
    <li<?cs if:s.id == Lead.stage_id ?> class="current" aria-current="step"<?cs /if ?>>
      <form method="post" action="/crm/leads/<?cs var:Lead.id ?>/stage"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><input type="hidden" name="next" value="/crm/leads/<?cs var:Lead.id ?>"><button name="stage_id" value="<?cs var:s.id ?>" title="<?cs var:s.requirements ?>"><?cs var:s.name ?></button></form>
    </li>
    <?cs /each ?>
  </ol>
  <?cs /if ?>
</div>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?><?cs each:e = Errors ?><?cs if:name(e) != "_any" ?> <?cs var:e ?><?cs /if ?><?cs /each ?></p><?cs /if ?>
<div class="record-layout">
<div class="record-main">
<section class="card record<?cs if:Lead.is_lost == "1" ?> lost<?cs elif:Lead.is_won == "1" ?> won<?cs /if ?>">
  <?cs if:Lead.is_lost == "1" ?><div class="ribbon ribbon-lost"><?cs var:Lang.Pl.Lead.RibbonLost ?></div><?cs elif:Lead.is_won == "1" ?><div class="ribbon ribbon-won"><?cs var:Lang.Pl.Lead.RibbonWon ?></div><?cs elif:Lead.active == "0" ?><div class="ribbon ribbon-lost"><?cs var:Lang.Pl.Lead.RibbonArchived ?></div><?cs /if ?>
  <?cs if:subcount(Lead.Buttons) ?>
  <div class="smart-buttons">
    <?cs each:b = Lead.Buttons ?><a class="smart" href="<?cs var:b.Url ?>"><strong><?cs var:b.Count ?></strong> <?cs var:b.Label ?></a><?cs /each ?>
  </div>
  <?cs /if ?>
  <p class="type-badge"><span class="badge"><?cs if:Lead.type == "opportunity" ?><?cs var:Lang.Pl.Lead.TypeOpportunity ?><?cs else ?><?cs var:Lang.Pl.Lead.TypeLead ?><?cs /if ?></span>
  <?cs if:Lead.lost_reason_name ?> <span class="badge"><?cs var:Lang.Pl.Lead.LostReason ?>: <?cs var:Lead.lost_reason_name ?></span><?cs /if ?></p>
<form method="post" action="/crm/leads/<?cs var:Lead.id ?>" class="record-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
<?cs /if ?>
  <div class="field wide">
    <label for="f-name"><?cs if:Lead.type == "opportunity" ?><?cs var:Lang.Pl.Lead.OpportunityName ?><?cs else ?><?cs var:Lang.Pl.Lead.LeadName ?><?cs /if ?></label>
    <input id="f-name" name="name" required maxlength="255" value="<?cs var:Lead.name ?>" class="big-input">
    <?cs call:err("name") ?>
  </div>
  <div class="grid2">
    <div>
      <?cs if:Lead.type == "opportunity" ?>
      <div class="field"><label for="f-rev"><?cs var:Lang.Pl.Lead.ExpectedRevenue ?></label><input id="f-rev" name="expected_revenue" inputmode="decimal" value="<?cs var:Lead.expected_revenue ?>"><?cs call:err("expected_revenue") ?></div>
      <div class="field"><label for="f-prob"><?cs var:Lang.Pl.Lead.Probability ?> (%)</label><input id="f-prob" name="probability" inputmode="decimal" value="<?cs var:Lead.probability ?>"><?cs if:Lead.show_automated ?><small><?cs var:Lang.Pl.Lead.Automated ?>: <?cs var:Lead.automated_probability ?> %<?cs if:Lead.active == "1" ?> <button form="score-auto-form" class="link"><?cs var:Lang.Intel.Score.BackToAuto ?></button><?cs /if ?></small><?cs /if ?><?cs call:err("probability") ?></div>
      <?cs /if ?>
      <?cs if:!New ?><details class="score-why" data-src="/crm/leads/<?cs var:Lead.id ?>/score?fragment=1"><summary><?cs var:Lang.Pl.Lead.WhyScore ?></summary><div class="score-body"><a href="/crm/leads/<?cs var:Lead.id ?>/score"><?cs var:Lang.Intel.Score.Title ?></a></div></details><?cs /if ?>
      <div class="field"><label for="f-partner"><?cs var:Lang.Pl.Lead.Customer ?></label>
        <select id="f-partner" name="partner_id"><option value=""><?cs var:Lang.Pl.None ?></option>
        <?cs if:Opt.Current.id ?><option value="<?cs var:Opt.Current.id ?>" selected><?cs var:Opt.Current.name ?></option><?cs /if ?>
        <?cs each:p = Opt.Partners ?><?cs if:p.id != Opt.Current.id ?><option value="<?cs var:p.id ?>"<?cs if:p.id == Lead.partner_id ?> selected<?cs /if ?>><?cs var:p.name ?></option><?cs /if ?><?cs /each ?></select>
        <?cs call:err("partner_id") ?></div>
      <div class="field"><label for="f-company"><?cs var:Lang.Pl.Lead.Company ?></label><input id="f-company" name="partner_name" maxlength="255" value="<?cs var:Lead.partner_name ?>"><?cs call:err("partner_name") ?></div>
      <div class="field"><label for="f-contact"><?cs var:Lang.Pl.Lead.Contact ?></label><input id="f-contact" name="contact_name" maxlength="255" value="<?cs var:Lead.contact_name ?>"><?cs call:err("contact_name") ?></div>
      <div class="field"><label for="f-email"><?cs var:Lang.Pl.Lead.Email ?></label><input id="f-email" name="email" type="email" maxlength="254" value="<?cs var:Lead.email_from ?>"><?cs call:err("email") ?></div>
      <div class="field"><label for="f-phone"><?cs var:Lang.Pl.Lead.Phone ?></label><input id="f-phone" name="phone" type="tel" maxlength="64" value="<?cs var:Lead.phone ?>"><?cs call:err("phone") ?></div>
      <?cs if:Lead.partner_id && !New ?><label class="check"><input type="checkbox" name="update_customer" value="1"> <?cs var:Lang.Pl.Lead.UpdateCustomer ?></label><?cs /if ?>
      <div class="field"><label for="f-mobile"><?cs var:Lang.Pl.Lead.Mobile ?></label><input id="f-mobile" name="mobile" type="tel" maxlength="64" value="<?cs var:Lead.mobile ?>"><?cs call:err("mobile") ?></div>
      <div class="field"><label for="f-function"><?cs var:Lang.Pl.Lead.Function ?></label><input id="f-function" name="function" maxlength="128" value="<?cs var:Lead.function ?>"><?cs call:err("function") ?></div>
      <div class="field"><label for="f-website"><?cs var:Lang.Pl.Lead.Website ?></label><input id="f-website" name="website" maxlength="255" value="<?cs var:Lead.website ?>"><?cs call:err("website") ?></div>
    </div>
    <div>
      <div class="field"><label for="f-user"><?cs var:Lang.Pl.Lead.Salesperson ?></label>
        <select id="f-user" name="user_id"><option value=""><?cs var:Lang.Pl.Lead.Unassigned ?></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"<?cs if:u.id == Lead.user_id ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select><?cs call:err("user_id") ?></div>
      <div class="field"><label for="f-team"><?cs var:Lang.Pl.Lead.Team ?></label>
        <select id="f-team" name="team_id"><option value=""><?cs var:Lang.Pl.None ?></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"<?cs if:t.id == Lead.team_id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select><?cs call:err("team_id") ?></div>
      <?cs if:!New ?><?cs call:err("stage_id") ?><?cs /if ?>
      <div class="field"><label for="f-deadline"><?cs var:Lang.Pl.Lead.Deadline ?></label><input id="f-deadline" name="date_deadline" type="date" value="<?cs var:Lead.date_deadline ?>"><?cs call:err("date_deadline") ?></div>
      <fieldset class="field priority"><legend><?cs var:Lang.Pl.Lead.Priority ?></legend>
        <?cs loop:p = 0, 3, 1 ?><label class="star"><input type="radio" name="priority" value="<?cs var:p ?>"<?cs if:#p == #Lead.priority ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Priority[p] ?></label><?cs /loop ?>
        <?cs call:err("priority") ?></fieldset>
      <div class="field"><label for="f-tags"><?cs var:Lang.Pl.Lead.Tags ?></label><input id="f-tags" name="tags" maxlength="2000" value="<?cs var:Lead.tags_text ?>" placeholder="<?cs var:Lang.Pl.Lead.TagsHint ?>"><?cs call:err("tags") ?>
        <?cs if:subcount(Lead.Tags) ?><div class="tags"><?cs each:t = Lead.Tags ?><span class="tag c<?cs var:t.color ?>"><?cs var:t.name ?></span><?cs /each ?></div><?cs /if ?></div>
      <?cs if:!New ?>
      <dl class="facts">
        <?cs if:Lead.type == "opportunity" ?><dt><?cs var:Lang.Pl.Lead.Prorated ?></dt><dd><?cs var:Lead.prorated_fmt ?></dd><?cs /if ?>
        <dt><?cs var:Lang.Pl.Lead.Created ?></dt><dd><?cs var:Lead.create_fmt ?></dd>
        <?cs if:Lead.open_fmt ?><dt><?cs var:Lang.Pl.Lead.Assigned ?></dt><dd><?cs var:Lead.open_fmt ?><?cs if:Lead.day_open ?> (<?cs var:Lead.day_open ?> <?cs var:Lang.Pl.Days ?>)<?cs /if ?></dd><?cs /if ?>
        <?cs if:Lead.closed_fmt ?><dt><?cs var:Lang.Pl.Lead.Closed ?></dt><dd><?cs var:Lead.closed_fmt ?><?cs if:Lead.day_close ?> (<?cs var:Lead.day_close ?> <?cs var:Lang.Pl.Days ?>)<?cs /if ?></dd><?cs /if ?>
        <?cs if:Lead.conversion_fmt ?><dt><?cs var:Lang.Pl.Lead.Converted ?></dt><dd><?cs var:Lead.conversion_fmt ?></dd><?cs /if ?>
        <?cs if:Lead.stage_update_fmt ?><dt><?cs var:Lang.Pl.Lead.StageUpdated ?></dt><dd><?cs var:Lead.stage_update_fmt ?></dd><?cs /if ?>
      </dl>
      <?cs /if ?>
    </div>
  </div>
  <details class="more-fields"<?cs if:Errors._any ?> open<?cs /if ?>>
    <summary><?cs var:Lang.Pl.Lead.MoreFields ?></summary>
    <div class="grid2">
      <div>
        <div class="field"><label for="f-street"><?cs var:Lang.Pl.Lead.Street ?></label><input id="f-street" name="street" maxlength="255" value="<?cs var:Lead.street ?>"><?cs call:err("street") ?></div>
        <div class="field"><label for="f-street2"><?cs var:Lang.Pl.Lead.Street2 ?></label><input id="f-street2" name="street2" maxlength="255" value="<?cs var:Lead.street2 ?>"><?cs call:err("street2") ?></div>
        <div class="field"><label for="f-zip"><?cs var:Lang.Pl.Lead.Zip ?></label><input id="f-zip" name="zip" maxlength="24" value="<?cs var:Lead.zip ?>"><?cs call:err("zip") ?></div>
        <div class="field"><label for="f-city"><?cs var:Lang.Pl.Lead.City ?></label><input id="f-city" name="city" maxlength="128" value="<?cs var:Lead.city ?>"><?cs call:err("city") ?></div>
        <div class="field"><label for="f-state"><?cs var:Lang.Pl.Lead.State ?></label><input id="f-state" name="state" maxlength="128" value="<?cs var:Lead.state ?>"><?cs call:err("state") ?></div>
        <div class="field"><label for="f-country"><?cs var:Lang.Pl.Lead.Country ?></label><input id="f-country" name="country_code" maxlength="2" value="<?cs var:Lead.country_code ?>" placeholder="FR"><?cs call:err("country_code") ?></div>
        <div class="field"><label for="f-lang"><?cs var:Lang.Pl.Lead.Language ?></label><input id="f-lang" name="lang" maxlength="8" value="<?cs var:Lead.lang ?>" placeholder="fr"><?cs call:err("lang") ?></div>
      </div>
      <div>
        <div class="field"><label for="f-source"><?cs var:Lang.Pl.Lead.Source ?></label><input id="f-source" name="source" maxlength="128" value="<?cs var:Lead.source ?>"><?cs call:err("source") ?></div>
        <div class="field"><label for="f-medium"><?cs var:Lang.Pl.Lead.Medium ?></label><input id="f-medium" name="medium" maxlength="128" value="<?cs var:Lead.medium ?>"><?cs call:err("medium") ?></div>
        <div class="field"><label for="f-campaign"><?cs var:Lang.Pl.Lead.Campaign ?></label><input id="f-campaign" name="campaign" maxlength="128" value="<?cs var:Lead.campaign ?>"><?cs call:err("campaign") ?></div>
        <div class="field"><label for="f-referred"><?cs var:Lang.Pl.Lead.Referred ?></label><input id="f-referred" name="referred" maxlength="255" value="<?cs var:Lead.referred ?>"><?cs call:err("referred") ?></div>
        <div class="field"><label for="f-cc"><?cs var:Lang.Pl.Lead.EmailCc ?></label><input id="f-cc" name="email_cc" maxlength="1000" value="<?cs var:Lead.email_cc ?>"><?cs call:err("email_cc") ?></div>
      </div>
    </div>
  </details>
  <div class="field wide"><label for="f-desc"><?cs var:Lang.Pl.Lead.Notes ?></label><textarea id="f-desc" name="description" rows="5" maxlength="20000"><?cs var:Lead.description ?></textarea><?cs call:err("description") ?></div>
  <p><button type="submit" class="primary"><?cs var:Lang.Common.Save ?></button> <a href="<?cs if:New ?>/crm/leads<?cs else ?>/crm/leads/<?cs var:Lead.id ?><?cs /if ?>"><?cs var:Lang.Common.Cancel ?></a></p>
</form>
<?cs if:!New ?>
<form id="score-auto-form" method="post" action="/crm/leads/<?cs var:Lead.id ?>/score/automatic" hidden><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><input type="hidden" name="next" value="form"></form>
<script src="/static/js/lead.js" defer></script>
</section>
<section class="card activities-panel" id="activities">
  <h2><?cs var:Lang.Pl.Activity.Title ?></h2>
  <?cs if:!subcount(Activities) ?><p class="muted"><?cs var:Lang.Pl.Activity.None ?></p><?cs /if ?>
  <ul class="activity-list">
  <?cs each:a = Activities ?>
    <li class="activity act-<?cs var:a.state ?>">
      <div><?cs call:dot(a.state) ?> <strong><?cs var:a.type_name ?></strong><?cs if:a.summary ?>: <?cs var:a.summary ?><?cs /if ?> — <span class="due"><?cs var:a.deadline_fmt ?></span> (<?cs alt:Lang.Pl.Activity.State[a.state] ?><?cs var:a.state ?><?cs /alt ?>) · <?cs var:a.user_name ?></div>
      <?cs if:a.note ?><div class="muted pre"><?cs var:a.note ?></div><?cs /if ?>
      <form method="post" action="/crm/activities/<?cs var:a.id ?>/done" class="done-form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <label class="visually-hidden" for="fb-<?cs var:a.id ?>"><?cs var:Lang.Pl.Activity.Feedback ?></label>
        <input id="fb-<?cs var:a.id ?>" name="feedback" maxlength="10000" placeholder="<?cs var:Lang.Pl.Activity.Feedback ?>">
        <button type="submit"><?cs var:Lang.Pl.Activity.MarkDone ?></button>
        <button type="submit" name="schedule_next" value="1"><?cs var:Lang.Pl.Activity.DoneNext ?></button>
      </form>
      <form method="post" action="/crm/activities/<?cs var:a.id ?>/cancel" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button class="link"><?cs var:Lang.Pl.Activity.Cancel ?></button></form>
    </li>
  <?cs /each ?>
  </ul>
  <details id="schedule"<?cs if:Schedule.Open ?> open<?cs /if ?>>
    <summary><?cs var:Lang.Pl.Activity.Schedule ?></summary>
    <form method="post" action="/crm/leads/<?cs var:Lead.id ?>/activities" class="stack">
      <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
      <label for="a-type"><?cs var:Lang.Pl.Activity.Type ?></label>
      <select id="a-type" name="type"><?cs each:t = Opt.Types ?><option value="<?cs var:t.id ?>"<?cs if:t.id == Schedule.Type ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select><?cs call:err("type") ?>
      <label for="a-summary"><?cs var:Lang.Pl.Activity.Summary ?></label><input id="a-summary" name="summary" maxlength="255"><?cs call:err("summary") ?>
      <label for="a-date"><?cs var:Lang.Pl.Activity.Due ?></label><input id="a-date" name="date_deadline" type="date"><small><?cs var:Lang.Pl.Activity.DueHint ?></small><?cs call:err("date_deadline") ?>
      <label for="a-user"><?cs var:Lang.Pl.Activity.Assignee ?></label>
      <select id="a-user" name="user_id"><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"<?cs if:u.id == User.Id ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select><?cs call:err("user_id") ?>
      <label for="a-note"><?cs var:Lang.Pl.Activity.Note ?></label><textarea id="a-note" name="note" rows="2" maxlength="10000"></textarea><?cs call:err("note") ?>
      <button type="submit" class="primary"><?cs var:Lang.Pl.Activity.Schedule ?></button>
    </form>
  </details>
</section>
</div>
<div class="record-side" id="chatter">
<?cs call:err("body") ?>
<?cs if:subcount(Merges) ?>
<section class="card merges" id="merges">
  <h2><?cs var:Lang.Pl.Merge.UndoTitle ?></h2>
  <?cs each:m = Merges ?>
  <form method="post" action="/crm/leads/<?cs var:Lead.id ?>/unmerge" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <input type="hidden" name="merge_id" value="<?cs var:m.id ?>">
    <p><?cs var:m.date_fmt ?> <?cs var:m.author_name ?>: #<?cs var:m.merged_ids ?>
    <button type="submit"><?cs var:Lang.Pl.Merge.Undo ?></button></p>
  </form>
  <?cs /each ?>
</section>
<?cs /if ?>
<?cs include!"layout/chatter.cs" ?>
</div>
</div>
<?cs /if ?>
<?cs include!"layout/foot.cs" ?>
