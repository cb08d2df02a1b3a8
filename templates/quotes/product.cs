<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "products" ?><?cs include!"quotes/tabs.cs" ?>
<p class="crumb"><a href="/quotes/products"><?cs var:Lang.Quotes.Products.Title ?></a> /</p>
<h1><?cs if:Product.name ?><?cs var:Product.name ?><?cs else ?><?cs var:Lang.Quotes.Products.New ?><?cs /if ?></h1>
<form method="post" action="<?cs if:Product.id ?>/quotes/products/<?cs var:Product.id ?><?cs else ?>/quotes/products/new<?cs /if ?>" class="card stack narrowform">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <label for="name"><?cs var:Lang.Quotes.Products.Name ?></label>
  <input type="text" id="name" name="name" value="<?cs var:Product.name ?>" required maxlength="255">
  <?cs if:Errors.name ?><p class="field-error"><?cs var:Errors.name ?></p><?cs /if ?>
  <label for="default_code"><?cs var:Lang.Quotes.Products.Code ?></label>
  <input type="text" id="default_code" name="default_code" value="<?cs var:Product.default_code ?>" maxlength="64">
  <label for="price"><?cs var:Lang.Quotes.Products.Price ?></label>
  <input type="text" id="price" name="price" value="<?cs var:Product.PriceInput ?>" inputmode="decimal" maxlength="20">
  <?cs if:Errors.price ?><p class="field-error"><?cs var:Errors.price ?></p><?cs /if ?>
  <label for="uom"><?cs var:Lang.Quotes.Products.Uom ?></label>
  <input type="text" id="uom" name="uom" value="<?cs var:Product.uom ?>" maxlength="32">
  <fieldset><legend><?cs var:Lang.Quotes.Products.Taxes ?></legend>
    <?cs each:t = Taxes ?><label class="check"><input type="checkbox" name="tax_ids" value="<?cs var:t.id ?>"<?cs if:Product.Tax[t.id] ?> checked<?cs /if ?>> <?cs var:t.name ?></label><?cs /each ?>
  </fieldset>
  <?cs if:Errors.tax_ids ?><p class="field-error"><?cs var:Errors.tax_ids ?></p><?cs /if ?>
  <label for="description"><?cs var:Lang.Quotes.Products.Description ?></label>
  <textarea id="description" name="description" rows="4" maxlength="5000"><?cs var:Product.description ?></textarea>
  <?cs if:User.IsManager ?><p><button type="submit" class="primary"><?cs var:Lang.Quotes.Action.Save ?></button> <a href="/quotes/products"><?cs var:Lang.Common.Cancel ?></a></p><?cs /if ?>
</form>
<?cs if:Product.id && User.IsManager ?>
<form method="post" action="/quotes/products/<?cs var:Product.id ?>/archive"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <button type="submit"><?cs if:Product.active == "1" ?><?cs var:Lang.Quotes.Products.Archive ?><?cs else ?><?cs var:Lang.Quotes.Products.Restore ?><?cs /if ?></button></form>
<?cs /if ?>
<?cs include!"layout/foot.cs" ?>
