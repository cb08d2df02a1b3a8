<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "templates" ?><?cs include!"quotes/tabs.cs" ?>
<p class="crumb"><a href="/quotes/templates"><?cs var:Lang.Quotes.Templates.Title ?></a> /</p>
<h1><?cs if:Tpl.name ?><?cs var:Tpl.name ?><?cs else ?><?cs var:Lang.Quotes.Templates.New ?><?cs /if ?></h1>
<form method="post" action="<?cs if:Tpl.id ?>/quotes/templates/<?cs var:Tpl.id ?><?cs else ?>/quotes/templates/new<?cs /if ?>" class="card stack narrowform">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <label for="name"><?cs var:Lang.Quotes.Templates.Name ?></label>
  <input type="text" id="name" name="name" value="<?cs var:Tpl.name ?>" required maxlength="128">
  <?cs if:Errors.name ?><p class="field-error"><?cs var:Errors.name ?></p><?cs /if ?>
  <label for="validity_days"><?cs var:Lang.Quotes.Templates.Validity ?></label>
  <input type="number" id="validity_days" name="validity_days" value="<?cs var:Tpl.validity_days ?>" min="0" max="3650">
  <small><?cs var:Lang.Quotes.Templates.ValidityHint ?></small>
  <?cs if:Errors.validity_days ?><p class="field-error"><?cs var:Errors.validity_days ?></p><?cs /if ?>
  <label class="check"><input type="checkbox" name="require_signature" value="1"<?cs if:Tpl.require_signature == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.Templates.Signature ?></label>
  <label for="payment_terms"><?cs var:Lang.Quotes.Templates.PaymentTerms ?></label>
  <input type="text" id="payment_terms" name="payment_terms" value="<?cs var:Tpl.payment_terms ?>" maxlength="255">
  <label for="terms"><?cs var:Lang.Quotes.Templates.Terms ?></label>
  <textarea id="terms" name="terms" rows="5" maxlength="20000"><?cs var:Tpl.terms ?></textarea>
  <?cs if:User.IsManager ?><p><button type="submit" class="primary"><?cs var:Lang.Quotes.Action.Save ?></button> <a href="/quotes/templates"><?cs var:Lang.Common.Cancel ?></a></p><?cs /if ?>
</form>
<section class="card">
  <h2><?cs var:Lang.Quotes.Templates.Lines ?></h2>
  <?cs if:!Tpl.id ?><p class="muted"><?cs var:Lang.Quotes.Templates.LinesHint ?></p><?cs /if ?>
  <?cs if:subcount(TplLines) ?>
  <table>
    <thead><tr><th><?cs var:Lang.Quotes.Lines.Product ?></th><th><?cs var:Lang.Quotes.Lines.Description ?></th><th class="num"><?cs var:Lang.Quotes.Lines.Quantity ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:l = TplLines ?>
    <tr class="qline-<?cs var:l.display_type ?>"><td><?cs var:l.product_name ?></td><td><?cs var:l.name ?></td><td class="num"><?cs if:l.display_type == "line" ?><?cs var:l.Qty ?><?cs /if ?></td>
      <td><?cs if:User.IsManager ?><form method="post" action="/quotes/templates/<?cs var:Tpl.id ?>/lines/<?cs var:l.id ?>/delete" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button type="submit" class="del" title="<?cs var:Lang.Quotes.Lines.Delete ?>">✕<span class="visually-hidden"> <?cs var:Lang.Quotes.Lines.Delete ?></span></button></form><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
  <?cs if:Tpl.id && User.IsManager ?>
  <form method="post" action="/quotes/templates/<?cs var:Tpl.id ?>/lines" class="qaddline">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <select name="display_type" aria-label="<?cs var:Lang.Quotes.Lines.Title ?>">
      <option value="line"><?cs var:Lang.Quotes.Lines.Product ?></option>
      <option value="section"><?cs var:Lang.Quotes.Lines.Section ?></option>
      <option value="note"><?cs var:Lang.Quotes.Lines.Note ?></option>
    </select>
    <select name="product_id" aria-label="<?cs var:Lang.Quotes.Lines.Product ?>">
      <option value=""></option>
      <?cs each:p = Products ?><option value="<?cs var:p.id ?>"><?cs var:p.name ?></option><?cs /each ?>
    </select>
    <input name="description" maxlength="5000" placeholder="<?cs var:Lang.Quotes.Lines.Description ?>" aria-label="<?cs var:Lang.Quotes.Lines.Description ?>">
    <input name="quantity" value="1" size="5" inputmode="decimal" aria-label="<?cs var:Lang.Quotes.Lines.Quantity ?>">
    <button type="submit"><?cs var:Lang.Quotes.Lines.Add ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs if:Tpl.id && User.IsManager ?>
<form method="post" action="/quotes/templates/<?cs var:Tpl.id ?>/archive"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <button type="submit"><?cs if:Tpl.active == "1" ?><?cs var:Lang.Quotes.Products.Archive ?><?cs else ?><?cs var:Lang.Quotes.Products.Restore ?><?cs /if ?></button></form>
<?cs /if ?>
<?cs include!"layout/foot.cs" ?>
