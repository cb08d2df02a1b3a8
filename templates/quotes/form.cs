<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "quotes" ?><?cs include!"quotes/tabs.cs" ?>
<div class="qhead">
  <div>
    <p class="crumb"><a href="/quotes"><?cs var:Lang.Quotes.Title ?></a> /</p>
    <h1><?cs var:Quote.number ?> <span class="qstate qstate-<?cs var:Quote.state ?>"><?cs var:Lang.Quotes.State[Quote.state] ?></span><?cs if:Quote.expired == "1" ?> <span class="qstate qstate-expired"><?cs var:Lang.Quotes.State.expired ?></span><?cs /if ?></h1>
  </div>
  <div class="qactions">
    <?cs if:Quote.state != "cancelled" ?><a class="button<?cs if:Quote.state == "draft" ?> primary<?cs /if ?>" href="/quotes/<?cs var:Quote.id ?>/send"><?cs if:Quote.state == "draft" ?><?cs var:Lang.Quotes.Action.Send ?><?cs else ?><?cs var:Lang.Quotes.Action.Resend ?><?cs /if ?></a><?cs /if ?>
    <?cs if:Quote.Editable ?>
    <form method="post" action="/quotes/<?cs var:Quote.id ?>/confirm" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button type="submit"<?cs if:Quote.state == "sent" ?> class="primary"<?cs /if ?>><?cs var:Lang.Quotes.Action.Confirm ?></button></form>
    <form method="post" action="/quotes/<?cs var:Quote.id ?>/cancel" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button type="submit"><?cs var:Lang.Quotes.Action.Cancel ?></button></form>
    <?cs /if ?>
    <?cs if:Quote.state == "cancelled" ?>
    <form method="post" action="/quotes/<?cs var:Quote.id ?>/draft" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button type="submit"><?cs var:Lang.Quotes.Action.Draft ?></button></form>
    <?cs /if ?>
    <a class="button" href="/quotes/<?cs var:Quote.id ?>/pdf"><?cs var:Lang.Quotes.Action.Pdf ?></a>
    <a class="button" href="<?cs var:Quote.PortalUrl ?>" target="_blank" rel="noopener"><?cs var:Lang.Quotes.Action.Preview ?></a>
  </div>
</div>
<?cs if:!Quote.Editable && Quote.state == "cancelled" ?><p class="notice"><?cs var:Lang.Quotes.CancelledNote ?></p><?cs elif:!Quote.Editable ?><p class="notice"><?cs var:Lang.Quotes.Locked ?></p><?cs /if ?>
<?cs if:Quote.expired == "1" ?><p class="notice warn"><?cs var:Lang.Quotes.ExpiredNote ?></p><?cs /if ?>
<?cs if:Quote.SnapshotInvalid ?><p class="notice warn" id="snapshot-invalid"><?cs var:Lang.Quotes.SnapshotInvalid ?></p><?cs /if ?>
<?cs if:subcount(Quote.SnapshotChanged) ?><p class="notice" id="snapshot-changed"><?cs var:Lang.Quotes.SnapshotChanged ?> <?cs each:p = Quote.SnapshotChanged ?><?cs if:name(p) != "0" ?>, <?cs /if ?><?cs var:Lang.Quotes.SnapshotPart[p] ?><?cs /each ?>.</p><?cs /if ?>
<div class="qgrid">
  <section class="card qinfo" aria-label="<?cs var:Quote.number ?>">
    <?cs if:Quote.Editable ?>
    <form method="post" action="/quotes/<?cs var:Quote.id ?>" class="qheader">
      <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
      <input type="hidden" name="signature_present" value="1">
      <div class="field wide">
        <label for="partner_id"><?cs var:Lang.Quotes.Field.Customer ?></label>
        <select id="partner_id" name="partner_id">
          <option value="0"><?cs var:Lang.Quotes.Field.NoCustomer ?></option>
          <?cs each:p = Partners ?><option value="<?cs var:p.id ?>"<?cs if:Quote.partner_id == p.id ?> selected<?cs /if ?>><?cs var:p.name ?><?cs if:p.company ?> (<?cs var:p.company ?>)<?cs /if ?></option><?cs /each ?>
        </select>
        <?cs if:Errors.partner_id ?><p class="field-error"><?cs var:Errors.partner_id ?></p><?cs /if ?>
      </div>
      <div class="field">
        <label for="partner_invoice_id"><?cs var:Lang.Quotes.Field.InvoiceAddress ?></label>
        <select id="partner_invoice_id" name="partner_invoice_id">
          <option value="0"><?cs var:Lang.Quotes.Field.SameAsCustomer ?></option>
          <?cs each:p = Partners ?><option value="<?cs var:p.id ?>"<?cs if:Quote.partner_invoice_id == p.id && Quote.partner_invoice_id != Quote.partner_id ?> selected<?cs /if ?>><?cs var:p.name ?></option><?cs /each ?>
        </select>
        <?cs if:Errors.partner_invoice_id ?><p class="field-error" role="alert"><?cs var:Errors.partner_invoice_id ?></p><?cs /if ?>
      </div>
      <div class="field">
        <label for="partner_shipping_id"><?cs var:Lang.Quotes.Field.DeliveryAddress ?></label>
        <select id="partner_shipping_id" name="partner_shipping_id">
          <option value="0"><?cs var:Lang.Quotes.Field.SameAsCustomer ?></option>
          <?cs each:p = Partners ?><option value="<?cs var:p.id ?>"<?cs if:Quote.partner_shipping_id == p.id && Quote.partner_shipping_id != Quote.partner_id ?> selected<?cs /if ?>><?cs var:p.name ?></option><?cs /each ?>
        </select>
        <?cs if:Errors.partner_shipping_id ?><p class="field-error" role="alert"><?cs var:Errors.partner_shipping_id ?></p><?cs /if ?>
      </div>
      <div class="field">
        <label for="date_order"><?cs var:Lang.Quotes.Field.Date ?></label>
        <input type="date" id="date_order" name="date_order" value="<?cs var:Quote.date_order ?>" required>
      </div>
      <div class="field">
        <label for="validity_date"><?cs var:Lang.Quotes.Field.Validity ?></label>
        <input type="date" id="validity_date" name="validity_date" value="<?cs var:Quote.validity_date ?>" aria-describedby="validity-hint">
        <small id="validity-hint"><?cs var:Lang.Quotes.Field.ValidityHint ?></small>
        <?cs if:Errors.validity_date ?><p class="field-error"><?cs var:Errors.validity_date ?></p><?cs /if ?>
      </div>
      <div class="field wide">
        <label for="payment_terms"><?cs var:Lang.Quotes.Field.PaymentTerms ?></label>
        <input type="text" id="payment_terms" name="payment_terms" value="<?cs var:Quote.payment_terms ?>" maxlength="255">
      </div>
      <div class="field wide">
        <label class="check"><input type="checkbox" name="require_signature" value="1"<?cs if:Quote.require_signature == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.Field.RequireSignature ?></label>
      </div>
      <div class="field wide">
        <label for="note"><?cs var:Lang.Quotes.Field.Terms ?></label>
        <textarea id="note" name="note" rows="3" maxlength="20000"><?cs var:Quote.note ?></textarea>
      </div>
      <p class="field wide"><button type="submit"><?cs var:Lang.Quotes.Action.Save ?></button></p>
    </form>
    <?cs else ?>
    <dl class="qdl">
      <dt><?cs var:Lang.Quotes.Field.Customer ?></dt><dd><?cs if:Quote.partner_name ?><?cs var:Quote.partner_name ?><?cs else ?>—<?cs /if ?></dd>
      <dt><?cs var:Lang.Quotes.Field.Date ?></dt><dd><?cs var:Quote.DateFmt ?></dd>
      <dt><?cs var:Lang.Quotes.Field.Validity ?></dt><dd><?cs if:Quote.ValidityFmt ?><?cs var:Quote.ValidityFmt ?><?cs else ?>—<?cs /if ?></dd>
      <dt><?cs var:Lang.Quotes.Field.PaymentTerms ?></dt><dd><?cs if:Quote.payment_terms ?><?cs var:Quote.payment_terms ?><?cs else ?>—<?cs /if ?></dd>
      <dt><?cs var:Lang.Quotes.Field.Terms ?></dt><dd class="pre"><?cs if:Quote.note ?><?cs var:Quote.note ?><?cs else ?>—<?cs /if ?></dd>
    </dl>
    <?cs /if ?>
  </section>
  <aside class="card qside">
    <?cs if:Quote.opportunity_id ?>
    <p><?cs var:Lang.Quotes.Field.Opportunity ?><br><a href="/crm/leads/<?cs var:Quote.opportunity_id ?>"><strong><?cs var:Quote.opportunity_name ?></strong></a></p>
    <p class="smart"><a href="/quotes?opportunity_id=<?cs var:Quote.opportunity_id ?>"><span class="big"><?cs var:Opp.Quotations ?></span> <?cs var:Lang.Quotes.Smart.Quotations ?></a>
      <span><span class="big"><?cs var:Opp.Orders ?></span> <?cs var:Lang.Quotes.Smart.Orders ?> · <?cs var:Opp.OrderAmount ?></span></p>
    <?cs /if ?>
    <dl class="qdl">
      <dt><?cs var:Lang.Quotes.Field.Salesperson ?></dt><dd><?cs if:Quote.user_name ?><?cs var:Quote.user_name ?><?cs else ?>—<?cs /if ?></dd>
      <?cs if:Quote.team_name ?><dt><?cs var:Lang.Quotes.Field.Team ?></dt><dd><?cs var:Quote.team_name ?></dd><?cs /if ?>
      <?cs if:Quote.template_name ?><dt><?cs var:Lang.Quotes.Field.Template ?></dt><dd><?cs var:Quote.template_name ?></dd><?cs /if ?>
      <?cs if:Quote.tags ?><dt><?cs var:Lang.Quotes.Field.Tags ?></dt><dd><?cs var:Quote.tags ?></dd><?cs /if ?>
      <?cs if:Quote.campaign || Quote.medium || Quote.source ?><dt><?cs var:Lang.Quotes.Field.Utm ?></dt><dd><?cs if:Quote.campaign ?><?cs var:Quote.campaign ?><?cs else ?>—<?cs /if ?> / <?cs if:Quote.medium ?><?cs var:Quote.medium ?><?cs else ?>—<?cs /if ?> / <?cs if:Quote.source ?><?cs var:Quote.source ?><?cs else ?>—<?cs /if ?></dd><?cs /if ?>
      <dt><?cs var:Lang.Quotes.Field.PortalLink ?></dt><dd><input type="text" readonly value="<?cs var:Quote.PortalUrl ?>" class="copy" aria-label="<?cs var:Lang.Quotes.Field.PortalLink ?>"></dd>
      <?cs if:Quote.signed_by ?><dt><?cs var:Lang.Quotes.Field.Signed ?></dt><dd><?cs var:Quote.signed_by ?> <?cs var:Lang.Quotes.Field.SignedOn ?> <?cs var:Quote.signed_on ?> UTC</dd>
      <dt><?cs var:Lang.Quotes.Field.Hash ?></dt><dd class="hash"><?cs var:Quote.signature_hash ?></dd><?cs /if ?>
    </dl>
    <form method="post" action="/quotes/<?cs var:Quote.id ?>/token"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button type="submit" class="link" title="<?cs var:Lang.Quotes.Action.NewTokenConfirm ?>"><?cs var:Lang.Quotes.Action.NewToken ?></button></form>
  </aside>
</div>

<section class="card" id="lines">
  <h2><?cs var:Lang.Quotes.Lines.Title ?></h2>
  <div class="tablewrap">
  <table class="qlines">
    <thead><tr>
      <?cs if:Quote.Editable ?><th class="drag-col"><span class="visually-hidden"><?cs var:Lang.Quotes.Lines.Drag ?></span></th><?cs /if ?>
      <th><?cs var:Lang.Quotes.Lines.Description ?></th><th class="num"><?cs var:Lang.Quotes.Lines.Quantity ?></th>
      <th class="num"><?cs var:Lang.Quotes.Lines.Price ?></th><th class="num"><?cs var:Lang.Quotes.Lines.Discount ?></th>
      <th><?cs var:Lang.Quotes.Lines.Taxes ?></th><th class="num"><?cs var:Lang.Quotes.Lines.Subtotal ?></th>
      <?cs if:Quote.Editable ?><th></th><?cs /if ?>
    </tr></thead>
    <tbody<?cs if:Quote.Editable ?> class="sortable" data-order-url="/quotes/<?cs var:Quote.id ?>/lines/order" data-csrf="<?cs var:Csrf ?>"<?cs /if ?>>
    <?cs each:l = Lines ?>
    <?cs if:Quote.Editable ?>
      <?cs if:l.type == "line" ?>
      <tr class="qline" data-id="<?cs var:l.id ?>" id="line-<?cs var:l.id ?>">
        <td class="drag" title="<?cs var:Lang.Quotes.Lines.Drag ?>">⋮⋮</td>
        <td><?cs if:l.product ?><div class="prod"><?cs if:l.code ?>[<?cs var:l.code ?>] <?cs /if ?><?cs var:l.product ?></div><?cs /if ?>
          <textarea form="lf-<?cs var:l.id ?>" name="description" rows="2" maxlength="5000" aria-label="<?cs var:Lang.Quotes.Lines.Description ?>"><?cs var:l.name ?></textarea></td>
        <td class="num"><input form="lf-<?cs var:l.id ?>" name="quantity" value="<?cs var:l.qty ?>" inputmode="decimal" size="6" aria-label="<?cs var:Lang.Quotes.Lines.Quantity ?>"><?cs if:l.uom && l.uom != "Unit" ?> <small><?cs var:l.uom ?></small><?cs /if ?></td>
        <td class="num"><input form="lf-<?cs var:l.id ?>" name="price_unit" value="<?cs var:l.price ?>" inputmode="decimal" size="8" aria-label="<?cs var:Lang.Quotes.Lines.Price ?>"></td>
        <td class="num"><input form="lf-<?cs var:l.id ?>" name="discount" value="<?cs var:l.disc ?>" inputmode="decimal" size="4" aria-label="<?cs var:Lang.Quotes.Lines.Discount ?>"></td>
        <td class="taxes"><input type="hidden" form="lf-<?cs var:l.id ?>" name="taxes_present" value="1">
          <?cs each:t = Taxes ?><label class="check"><input type="checkbox" form="lf-<?cs var:l.id ?>" name="tax_ids" value="<?cs var:t.id ?>"<?cs if:l.Tax[t.id] ?> checked<?cs /if ?>> <?cs var:t.name ?></label><?cs /each ?></td>
        <td class="num"><?cs var:l.SubtotalFmt ?></td>
        <td class="rowacts">
          <form id="lf-<?cs var:l.id ?>" method="post" action="/quotes/<?cs var:Quote.id ?>/lines/<?cs var:l.id ?>" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button type="submit" title="<?cs var:Lang.Quotes.Lines.Save ?>">✓<span class="visually-hidden"> <?cs var:Lang.Quotes.Lines.Save ?></span></button></form>
          <?cs include!"quotes/line_actions.cs" ?>
        </td>
      </tr>
      <?cs else ?>
      <tr class="qline qline-<?cs var:l.type ?>" data-id="<?cs var:l.id ?>" id="line-<?cs var:l.id ?>">
        <td class="drag" title="<?cs var:Lang.Quotes.Lines.Drag ?>">⋮⋮</td>
        <td colspan="6"><input form="lf-<?cs var:l.id ?>" name="description" value="<?cs var:l.name ?>" maxlength="5000" aria-label="<?cs var:Lang.Quotes.Lines.Description ?>"></td>
        <td class="rowacts">
          <form id="lf-<?cs var:l.id ?>" method="post" action="/quotes/<?cs var:Quote.id ?>/lines/<?cs var:l.id ?>" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button type="submit" title="<?cs var:Lang.Quotes.Lines.Save ?>">✓<span class="visually-hidden"> <?cs var:Lang.Quotes.Lines.Save ?></span></button></form>
          <?cs include!"quotes/line_actions.cs" ?>
        </td>
      </tr>
      <?cs /if ?>
    <?cs else ?>
      <?cs if:l.type == "line" ?>
      <tr class="qline"><td><?cs if:l.code ?>[<?cs var:l.code ?>] <?cs /if ?><span class="pre"><?cs var:l.name ?></span></td>
        <td class="num"><?cs var:l.qty ?><?cs if:l.uom && l.uom != "Unit" ?> <?cs var:l.uom ?><?cs /if ?></td><td class="num"><?cs var:l.PriceFmt ?></td>
        <td class="num"><?cs if:l.HasDisc ?><?cs var:l.disc ?><?cs /if ?></td><td><?cs var:l.taxes ?></td><td class="num"><?cs var:l.SubtotalFmt ?></td></tr>
      <?cs else ?>
      <tr class="qline qline-<?cs var:l.type ?>"><td colspan="6"><?cs var:l.name ?></td></tr>
      <?cs /if ?>
    <?cs /if ?>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <?cs if:!subcount(Lines) ?><p class="muted"><?cs var:Lang.Quotes.Lines.Empty ?></p><?cs /if ?>
  <?cs if:Errors.quantity ?><p class="field-error"><?cs var:Errors.quantity ?></p><?cs /if ?>
  <?cs if:Errors.discount ?><p class="field-error"><?cs var:Errors.discount ?></p><?cs /if ?>
  <?cs if:Errors.product_id ?><p class="field-error"><?cs var:Errors.product_id ?></p><?cs /if ?>

  <?cs if:Quote.Editable ?>
  <div class="qadd">
    <form method="post" action="/quotes/<?cs var:Quote.id ?>/lines" class="qaddline">
      <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
      <strong><?cs var:Lang.Quotes.Lines.AddProduct ?></strong>
      <select name="product_id" aria-label="<?cs var:Lang.Quotes.Lines.Product ?>">
        <option value=""><?cs var:Lang.Quotes.Lines.NoProduct ?></option>
        <?cs each:p = Products ?><option value="<?cs var:p.id ?>"><?cs if:p.default_code ?>[<?cs var:p.default_code ?>] <?cs /if ?><?cs var:p.name ?> · <?cs var:p.Price ?></option><?cs /each ?>
      </select>
      <input name="description" placeholder="<?cs var:Lang.Quotes.Lines.Description ?>" maxlength="5000" aria-label="<?cs var:Lang.Quotes.Lines.Description ?>">
      <input name="quantity" value="1" inputmode="decimal" size="5" aria-label="<?cs var:Lang.Quotes.Lines.Quantity ?>">
      <input name="price_unit" placeholder="<?cs var:Lang.Quotes.Lines.PriceHint ?>" inputmode="decimal" size="10" aria-label="<?cs var:Lang.Quotes.Lines.Price ?>">
      <input name="discount" placeholder="0" inputmode="decimal" size="4" aria-label="<?cs var:Lang.Quotes.Lines.Discount ?>">
      <button type="submit" class="primary"><?cs var:Lang.Quotes.Lines.Add ?></button>
    </form>
    <form method="post" action="/quotes/<?cs var:Quote.id ?>/lines" class="qaddline">
      <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><input type="hidden" name="display_type" value="section">
      <strong><?cs var:Lang.Quotes.Lines.AddSection ?></strong>
      <input name="description" required maxlength="5000" placeholder="<?cs var:Lang.Quotes.Lines.Section ?>" aria-label="<?cs var:Lang.Quotes.Lines.Section ?>">
      <button type="submit"><?cs var:Lang.Quotes.Lines.Add ?></button>
    </form>
    <form method="post" action="/quotes/<?cs var:Quote.id ?>/lines" class="qaddline">
      <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><input type="hidden" name="display_type" value="note">
      <strong><?cs var:Lang.Quotes.Lines.AddNote ?></strong>
      <input name="description" required maxlength="5000" placeholder="<?cs var:Lang.Quotes.Lines.Note ?>" aria-label="<?cs var:Lang.Quotes.Lines.Note ?>">
      <button type="submit"><?cs var:Lang.Quotes.Lines.Add ?></button>
    </form>
  </div>
  <?cs /if ?>

  <table class="qtotals">
    <tr><th><?cs var:Lang.Quotes.Totals.Untaxed ?></th><td class="num"><?cs var:Quote.Untaxed ?></td></tr>
    <tr><th><?cs var:Lang.Quotes.Totals.Tax ?></th><td class="num"><?cs var:Quote.Tax ?></td></tr>
    <tr class="grand"><th><?cs var:Lang.Quotes.Totals.Total ?></th><td class="num"><?cs var:Quote.Total ?></td></tr>
  </table>
</section>
<div id="history"><?cs include!"layout/chatter.cs" ?></div>
<?cs include!"layout/foot.cs" ?>
