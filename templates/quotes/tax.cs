<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "taxes" ?><?cs include!"quotes/tabs.cs" ?>
<p class="crumb"><a href="/quotes/taxes"><?cs var:Lang.Quotes.Taxes.Title ?></a> /</p>
<h1><?cs if:Tax.name ?><?cs var:Tax.name ?><?cs else ?><?cs var:Lang.Quotes.Taxes.New ?><?cs /if ?></h1>
<form method="post" action="<?cs if:Tax.id ?>/quotes/taxes/<?cs var:Tax.id ?><?cs else ?>/quotes/taxes/new<?cs /if ?>" class="card stack narrowform">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <label for="name"><?cs var:Lang.Quotes.Taxes.Name ?></label>
  <input type="text" id="name" name="name" value="<?cs var:Tax.name ?>" required maxlength="64">
  <?cs if:Errors.name ?><p class="field-error"><?cs var:Errors.name ?></p><?cs /if ?>
  <label for="rate"><?cs var:Lang.Quotes.Taxes.Rate ?></label>
  <input type="text" id="rate" name="rate" value="<?cs var:Tax.RateInput ?>" required inputmode="decimal" maxlength="20">
  <?cs if:Errors.rate ?><p class="field-error"><?cs var:Errors.rate ?></p><?cs /if ?>
  <label class="check"><input type="checkbox" name="price_include" value="1"<?cs if:Tax.price_include == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.Taxes.Included ?></label>
  <small><?cs var:Lang.Quotes.Taxes.IncludedHint ?></small>
  <label for="description"><?cs var:Lang.Quotes.Taxes.Label ?></label>
  <input type="text" id="description" name="description" value="<?cs var:Tax.description ?>" maxlength="128">
  <?cs if:User.IsManager ?><p><button type="submit" class="primary"><?cs var:Lang.Quotes.Action.Save ?></button> <a href="/quotes/taxes"><?cs var:Lang.Common.Cancel ?></a></p><?cs /if ?>
</form>
<?cs if:Tax.id && User.IsManager ?>
<form method="post" action="/quotes/taxes/<?cs var:Tax.id ?>/archive"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <button type="submit"><?cs if:Tax.active == "1" ?><?cs var:Lang.Quotes.Products.Archive ?><?cs else ?><?cs var:Lang.Quotes.Products.Restore ?><?cs /if ?></button></form>
<?cs /if ?>
<?cs include!"layout/foot.cs" ?>
