<?cs include!"layout/head.cs" ?>
<section class="intake-settings">
  <h1><?cs var:Lang.IntakeSettings.Title ?></h1>
  <p class="muted"><?cs var:Lang.IntakeSettings.Intro ?></p>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Contact.FixErrors ?></p><?cs /if ?>
  <form method="post" action="/crm/settings/intake">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <fieldset>
      <legend><?cs var:Lang.IntakeSettings.Routing ?></legend>
      <div class="row">
        <label for="default_team_id"><?cs var:Lang.IntakeSettings.DefaultTeam ?></label>
        <select id="default_team_id" name="default_team_id" aria-describedby="h-team">
          <option value="0"><?cs var:Lang.IntakeSettings.None ?></option>
          <?cs each:t = Intake.Teams ?><option value="<?cs var:t.id ?>"<?cs if:#t.id == #Intake.S.default_team_id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?>
        </select>
        <small id="h-team"><?cs var:Lang.IntakeSettings.DefaultTeamHint ?></small>
        <?cs if:Errors.default_team_id ?><p class="field-error"><?cs var:Errors.default_team_id ?></p><?cs /if ?>
      </div>
      <div class="row">
        <label for="default_user_id"><?cs var:Lang.IntakeSettings.DefaultUser ?></label>
        <select id="default_user_id" name="default_user_id" aria-describedby="h-user">
          <option value="0"><?cs var:Lang.IntakeSettings.None ?></option>
          <?cs each:u = Intake.Users ?><option value="<?cs var:u.id ?>"<?cs if:#u.id == #Intake.S.default_user_id ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?>
        </select>
        <small id="h-user"><?cs var:Lang.IntakeSettings.DefaultUserHint ?></small>
        <?cs if:Errors.default_user_id ?><p class="field-error"><?cs var:Errors.default_user_id ?></p><?cs /if ?>
      </div>
    </fieldset>

    <fieldset>
      <legend><?cs var:Lang.IntakeSettings.Aliases ?></legend>
      <p class="muted"><?cs var:Lang.IntakeSettings.AliasesHint ?></p>
      <table>
        <thead><tr><th scope="col"><?cs var:Lang.IntakeSettings.Team ?></th><th scope="col"><?cs var:Lang.IntakeSettings.Alias ?></th></tr></thead>
        <tbody>
        <?cs each:t = Intake.Teams ?>
          <tr>
            <td><label for="alias_<?cs var:t.id ?>"><?cs var:t.name ?></label></td>
            <td><input type="text" id="alias_<?cs var:t.id ?>" name="alias_<?cs var:t.id ?>" value="<?cs var:t.alias ?>" maxlength="254" autocomplete="off" spellcheck="false">
            <?cs set:ek = "alias_" + t.id ?><?cs if:Errors[ek] ?><p class="field-error"><?cs var:Errors[ek] ?></p><?cs /if ?></td>
          </tr>
        <?cs /each ?>
        </tbody>
      </table>
    </fieldset>

    <fieldset>
      <legend><?cs var:Lang.IntakeSettings.Embedding ?></legend>
      <div class="row">
        <label for="origins"><?cs var:Lang.IntakeSettings.Origins ?></label>
        <textarea id="origins" name="origins" rows="4" aria-describedby="h-origins"><?cs var:Intake.S.origins ?></textarea>
        <small id="h-origins"><?cs var:Lang.IntakeSettings.OriginsHint ?><?cs if:Intake.ConfigOrigins ?> (+ <?cs var:Intake.ConfigOrigins ?>)<?cs /if ?></small>
        <?cs if:Errors.origins ?><p class="field-error"><?cs var:Errors.origins ?></p><?cs /if ?>
      </div>
      <div class="row">
        <label for="redirect_url"><?cs var:Lang.IntakeSettings.Redirect ?></label>
        <input type="text" id="redirect_url" name="redirect_url" value="<?cs var:Intake.S.redirect_url ?>" maxlength="500" aria-describedby="h-redirect">
        <small id="h-redirect"><?cs var:Lang.IntakeSettings.RedirectHint ?></small>
        <?cs if:Errors.redirect_url ?><p class="field-error"><?cs var:Errors.redirect_url ?></p><?cs /if ?>
      </div>
      <p><strong><?cs var:Lang.IntakeSettings.Snippet ?></strong></p>
      <pre class="snippet"><?cs var:Intake.Snippet.Embed ?></pre>
      <pre class="snippet"><?cs var:Intake.Snippet.Form ?></pre>
    </fieldset>

    <fieldset>
      <legend><?cs var:Lang.IntakeSettings.Consent ?></legend>
      <div class="row check">
        <label><input type="checkbox" name="consent_show" value="1"<?cs if:#Intake.S.consent_show ?> checked<?cs /if ?>> <?cs var:Lang.IntakeSettings.ConsentShow ?></label>
      </div>
      <div class="row">
        <label for="consent_version"><?cs var:Lang.IntakeSettings.ConsentVersion ?></label>
        <input type="text" id="consent_version" name="consent_version" value="<?cs var:Intake.S.consent_version ?>" maxlength="32" required aria-describedby="h-cv">
        <small id="h-cv"><?cs var:Lang.IntakeSettings.ConsentVersionHint ?></small>
        <?cs if:Errors.consent_version ?><p class="field-error"><?cs var:Errors.consent_version ?></p><?cs /if ?>
      </div>
      <div class="row">
        <label for="consent_text_en"><?cs var:Lang.IntakeSettings.ConsentTextEn ?></label>
        <textarea id="consent_text_en" name="consent_text_en" rows="2" maxlength="1000" aria-describedby="h-ct"><?cs var:Intake.S.consent_text_en ?></textarea>
        <?cs if:Errors.consent_text_en ?><p class="field-error"><?cs var:Errors.consent_text_en ?></p><?cs /if ?>
      </div>
      <div class="row">
        <label for="consent_text_fr"><?cs var:Lang.IntakeSettings.ConsentTextFr ?></label>
        <textarea id="consent_text_fr" name="consent_text_fr" rows="2" maxlength="1000" aria-describedby="h-ct"><?cs var:Intake.S.consent_text_fr ?></textarea>
        <small id="h-ct"><?cs var:Lang.IntakeSettings.ConsentTextHint ?></small>
        <?cs if:Errors.consent_text_fr ?><p class="field-error"><?cs var:Errors.consent_text_fr ?></p><?cs /if ?>
      </div>
    </fieldset>

    <fieldset>
      <legend><?cs var:Lang.IntakeSettings.Abuse ?></legend>
      <div class="row">
        <label for="min_seconds"><?cs var:Lang.IntakeSettings.MinSeconds ?></label>
        <input type="number" id="min_seconds" name="min_seconds" value="<?cs var:Intake.S.min_seconds ?>" min="0" max="3600">
        <?cs if:Errors.min_seconds ?><p class="field-error"><?cs var:Errors.min_seconds ?></p><?cs /if ?>
      </div>
      <div class="row">
        <label for="max_age"><?cs var:Lang.IntakeSettings.MaxAge ?></label>
        <input type="number" id="max_age" name="max_age" value="<?cs var:Intake.S.max_age ?>" min="60" max="2592000">
        <?cs if:Errors.max_age ?><p class="field-error"><?cs var:Errors.max_age ?></p><?cs /if ?>
      </div>
      <div class="row">
        <label for="rate_limit"><?cs var:Lang.IntakeSettings.RateLimit ?></label>
        <input type="number" id="rate_limit" name="rate_limit" value="<?cs var:Intake.S.rate_limit ?>" min="0" max="100000" aria-describedby="h-rate">
        <small id="h-rate"><?cs var:Lang.IntakeSettings.RateLimitHint ?></small>
        <?cs if:Errors.rate_limit ?><p class="field-error"><?cs var:Errors.rate_limit ?></p><?cs /if ?>
      </div>
      <div class="row">
        <label for="rate_window"><?cs var:Lang.IntakeSettings.RateWindow ?></label>
        <input type="number" id="rate_window" name="rate_window" value="<?cs var:Intake.S.rate_window ?>" min="10" max="86400">
        <?cs if:Errors.rate_window ?><p class="field-error"><?cs var:Errors.rate_window ?></p><?cs /if ?>
      </div>
    </fieldset>
    <button type="submit" class="primary"><?cs var:Lang.Common.Save ?></button>
  </form>

  <h2><?cs var:Lang.IntakeSettings.Rejected ?></h2>
  <p class="muted"><?cs var:Lang.IntakeSettings.RejectedHint ?></p>
  <?cs if:#Intake.RejectCount > #0 ?>
  <table class="rejects">
    <thead><tr><th scope="col"><?cs var:Lang.IntakeSettings.Reason ?></th><th scope="col" class="num"><?cs var:Lang.IntakeSettings.Count ?></th><th scope="col"><?cs var:Lang.IntakeSettings.Last ?></th></tr></thead>
    <tbody>
    <?cs each:r = Intake.Rejects ?><tr data-reason="<?cs var:r.reason ?>"><td><?cs var:r.label ?></td><td class="num"><?cs var:r.n ?></td><td><?cs var:r.last_at ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p><?cs var:Lang.IntakeSettings.NoRejects ?></p><?cs /if ?>
  <?cs if:#Intake.Spooled > #0 ?><p class="notice"><?cs var:Lang.IntakeSettings.Spool ?> <strong><?cs var:Intake.Spooled ?></strong></p><?cs /if ?>
</section>
<?cs include!"layout/foot.cs" ?>
