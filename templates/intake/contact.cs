<?cs set:Page.Title = Lang.Contact.Title ?><?cs include!"layout/head.cs" ?>
<?cs def:field(name, label, type, auto, max, req, hint) ?>
  <div class="field<?cs if:Errors[name] ?> has-error<?cs /if ?>">
    <label for="f-<?cs var:name ?>"><?cs var:label ?><?cs if:req ?> <span class="req">(<?cs var:Lang.Contact.Required ?>)</span><?cs /if ?></label>
    <?cs if:hint ?><small id="h-<?cs var:name ?>"><?cs var:hint ?></small><?cs /if ?>
    <?cs if:type == "textarea" ?>
    <textarea id="f-<?cs var:name ?>" name="<?cs var:name ?>" rows="7" maxlength="<?cs var:max ?>"<?cs if:req ?> required<?cs /if ?><?cs if:Errors[name] ?> aria-invalid="true" aria-describedby="e-<?cs var:name ?>"<?cs /if ?>><?cs var:Contact.Values[name] ?></textarea>
    <?cs else ?>
    <input id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" autocomplete="<?cs var:auto ?>" maxlength="<?cs var:max ?>" value="<?cs var:Contact.Values[name] ?>"<?cs if:req ?> required<?cs /if ?><?cs if:Errors[name] ?> aria-invalid="true" aria-describedby="e-<?cs var:name ?>"<?cs elif:hint ?> aria-describedby="h-<?cs var:name ?>"<?cs /if ?>>
    <?cs /if ?>
    <?cs if:Errors[name] ?><p class="field-error" id="e-<?cs var:name ?>"><?cs var:Errors[name] ?></p><?cs /if ?>
  </div>
<?cs /def ?>
<section class="contact">
  <h1><?cs var:Lang.Contact.Title ?></h1>
  <p class="lead"><?cs var:Lang.Contact.Intro ?></p>
  <?cs if:Contact.Notice ?><p class="notice" role="alert"><?cs var:Lang.Contact.Notice[Contact.Notice] ?><?cs if:Contact.Notice == "rate" && #Contact.RetryMinutes > #0 ?> <?cs var:Lang.Contact.RetryIn ?> <?cs var:Contact.RetryMinutes ?> <?cs var:Lang.Contact.Minutes ?>.<?cs /if ?></p><?cs /if ?>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Contact.FixErrors ?><?cs if:Errors._form ?> <?cs var:Errors._form ?><?cs /if ?></p><?cs /if ?>
  <form method="post" action="/contact" class="contact-form" accept-charset="utf-8">
    <input type="hidden" name="form_token" value="<?cs var:Contact.Token ?>">
    <input type="hidden" name="submission_key" value="<?cs var:Contact.Key ?>">
    <?cs if:Contact.Utm.utm_source ?><input type="hidden" name="utm_source" value="<?cs var:Contact.Utm.utm_source ?>"><?cs /if ?>
    <?cs if:Contact.Utm.utm_medium ?><input type="hidden" name="utm_medium" value="<?cs var:Contact.Utm.utm_medium ?>"><?cs /if ?>
    <?cs if:Contact.Utm.utm_campaign ?><input type="hidden" name="utm_campaign" value="<?cs var:Contact.Utm.utm_campaign ?>"><?cs /if ?>
    <?cs if:Contact.Redirect ?><input type="hidden" name="redirect" value="<?cs var:Contact.Redirect ?>"><?cs /if ?>
    <?cs each:x = Contact.Extra ?><input type="hidden" name="<?cs var:x.Key ?>" value="<?cs var:x.Value ?>">
    <?cs /each ?>
    <div class="grid">
    <?cs call:field("contact_name", Lang.Contact.ContactName, "text", "name", 255, 1, "") ?>
    <?cs call:field("email", Lang.Contact.Email, "email", "email", 254, 1, "") ?>
    <?cs call:field("phone", Lang.Contact.Phone, "tel", "tel", 64, 0, "") ?>
    <?cs call:field("partner_name", Lang.Contact.PartnerName, "text", "organization", 255, 0, "") ?>
    </div>
    <?cs call:field("name", Lang.Contact.Name, "text", "off", 255, 0, Lang.Contact.NameHint) ?>
    <?cs call:field("description", Lang.Contact.Description, "textarea", "off", 5000, 1, "") ?>
    <div class="hp" aria-hidden="true">
      <label for="f-homepage"><?cs var:Lang.Contact.Honeypot ?></label>
      <input id="f-homepage" name="homepage" type="text" tabindex="-1" autocomplete="off" value="">
    </div>
    <?cs if:Contact.Consent.Show ?>
    <div class="field check">
      <input id="f-consent" name="consent" type="checkbox" value="1"<?cs if:Contact.Values.consent ?> checked<?cs /if ?>>
      <label for="f-consent"><?cs var:Contact.Consent.Text ?></label>
    </div>
    <?cs /if ?>
    <button type="submit" class="primary"><?cs var:Lang.Contact.Send ?></button>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
