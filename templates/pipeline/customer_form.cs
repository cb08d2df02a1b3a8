<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<p class="crumbs"><a href="/crm/customers"><?cs var:Lang.Nav.Customers ?></a><?cs if:!New ?> / #<?cs var:Partner.id ?><?cs /if ?></p>
<?cs if:New ?><h1><?cs var:Page.Heading ?></h1><?cs /if ?>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?></p><?cs /if ?>
<section class="card record">
  <?cs if:!New ?><div class="smart-buttons"><a class="smart" href="/crm/opportunities?partner_id=<?cs var:Partner.id ?>"><strong><?cs var:Partner.opportunity_count ?></strong> <?cs var:Lang.Nav.Opportunities ?></a></div><?cs /if ?>
  <form method="post" action="<?cs if:New ?>/crm/customers<?cs else ?>/crm/customers/<?cs var:Partner.id ?><?cs /if ?>">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <div class="field wide"><label for="p-name"><?cs var:Lang.Pl.Customer.Name ?></label><input id="p-name" name="name" required maxlength="255" value="<?cs var:Partner.name ?>" class="big-input"><?cs call:err("name") ?></div>
    <label class="check"><input type="checkbox" name="is_company" value="1"<?cs if:Partner.is_company == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Customer.IsCompany ?></label>
    <div class="grid2">
      <div>
        <div class="field"><label for="p-parent"><?cs var:Lang.Pl.Customer.Company ?></label><select id="p-parent" name="parent_id"><option value=""><?cs var:Lang.Pl.None ?></option><?cs each:p = Opt.Companies ?><?cs if:p.id != Partner.id ?><option value="<?cs var:p.id ?>"<?cs if:p.id == Partner.parent_id ?> selected<?cs /if ?>><?cs var:p.name ?></option><?cs /if ?><?cs /each ?></select><?cs call:err("parent_id") ?></div>
        <div class="field"><label for="p-function"><?cs var:Lang.Pl.Lead.Function ?></label><input id="p-function" name="function" maxlength="128" value="<?cs var:Partner.function ?>"><?cs call:err("function") ?></div>
        <div class="field"><label for="p-email"><?cs var:Lang.Pl.Lead.Email ?></label><input id="p-email" name="email" type="email" maxlength="254" value="<?cs var:Partner.email ?>"><?cs call:err("email") ?></div>
        <div class="field"><label for="p-phone"><?cs var:Lang.Pl.Lead.Phone ?></label><input id="p-phone" name="phone" type="tel" maxlength="64" value="<?cs var:Partner.phone ?>"><?cs call:err("phone") ?></div>
        <div class="field"><label for="p-mobile"><?cs var:Lang.Pl.Lead.Mobile ?></label><input id="p-mobile" name="mobile" type="tel" maxlength="64" value="<?cs var:Partner.mobile ?>"><?cs call:err("mobile") ?></div>
        <div class="field"><label for="p-website"><?cs var:Lang.Pl.Lead.Website ?></label><input id="p-website" name="website" maxlength="255" value="<?cs var:Partner.website ?>"><?cs call:err("website") ?></div>
        <div class="field"><label for="p-vat"><?cs var:Lang.Pl.Customer.Vat ?></label><input id="p-vat" name="vat" maxlength="32" value="<?cs var:Partner.vat ?>"><?cs call:err("vat") ?></div>
      </div>
      <div>
        <div class="field"><label for="p-street"><?cs var:Lang.Pl.Lead.Street ?></label><input id="p-street" name="street" maxlength="255" value="<?cs var:Partner.street ?>"><?cs call:err("street") ?></div>
        <div class="field"><label for="p-street2"><?cs var:Lang.Pl.Lead.Street2 ?></label><input id="p-street2" name="street2" maxlength="255" value="<?cs var:Partner.street2 ?>"></div>
        <div class="field"><label for="p-zip"><?cs var:Lang.Pl.Lead.Zip ?></label><input id="p-zip" name="zip" maxlength="24" value="<?cs var:Partner.zip ?>"></div>
        <div class="field"><label for="p-city"><?cs var:Lang.Pl.Lead.City ?></label><input id="p-city" name="city" maxlength="128" value="<?cs var:Partner.city ?>"></div>
        <div class="field"><label for="p-state"><?cs var:Lang.Pl.Lead.State ?></label><input id="p-state" name="state" maxlength="128" value="<?cs var:Partner.state ?>"></div>
        <div class="field"><label for="p-country"><?cs var:Lang.Pl.Lead.Country ?></label><input id="p-country" name="country_code" maxlength="2" value="<?cs var:Partner.country_code ?>"><?cs call:err("country_code") ?></div>
        <div class="field"><label for="p-lang"><?cs var:Lang.Pl.Lead.Language ?></label><input id="p-lang" name="lang" maxlength="8" value="<?cs var:Partner.lang ?>"></div>
        <div class="field"><label for="p-user"><?cs var:Lang.Pl.Lead.Salesperson ?></label><select id="p-user" name="user_id"><option value=""></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"<?cs if:u.id == Partner.user_id ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select><?cs call:err("user_id") ?></div>
        <div class="field"><label for="p-tags"><?cs var:Lang.Pl.Lead.Tags ?></label><input id="p-tags" name="tags" maxlength="2000" value="<?cs var:Partner.tags ?>" placeholder="<?cs var:Lang.Pl.Lead.TagsHint ?>"><?cs call:err("tags") ?></div>
      </div>
    </div>
    <div class="field wide"><label for="p-comment"><?cs var:Lang.Pl.Lead.Notes ?></label><textarea id="p-comment" name="comment" rows="4" maxlength="20000"><?cs var:Partner.comment ?></textarea></div>
    <p><button type="submit" class="primary"><?cs var:Lang.Common.Save ?></button></p>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
