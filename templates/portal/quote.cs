<!DOCTYPE html>
<html lang="<?cs var:Portal.Lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title><?cs var:Lang.Portal.Kind[Quote.Kind] ?> <?cs var:Quote.Number ?> · <?cs var:Company.Name ?></title>
<link rel="stylesheet" href="/static/css/piste.css">
<link rel="stylesheet" href="/static/css/portal.css">
</head>
<body class="portal">
<header class="portal-head">
  <div class="company">
    <strong><?cs var:Company.Name ?></strong>
    <?cs if:Company.Address ?><div class="pre small"><?cs var:Company.Address ?></div><?cs /if ?>
  </div>
  <nav class="langnav" aria-label="<?cs var:Lang.Portal.Language ?>">
    <a href="<?cs var:Portal.Base ?>?token=<?cs var:Portal.TokenQ ?>&amp;lang=fr" hreflang="fr" lang="fr"<?cs if:Portal.Lang == "fr" ?> aria-current="true"<?cs /if ?>>FR</a>
    <a href="<?cs var:Portal.Base ?>?token=<?cs var:Portal.TokenQ ?>&amp;lang=en" hreflang="en" lang="en"<?cs if:Portal.Lang == "en" ?> aria-current="true"<?cs /if ?>>EN</a>
  </nav>
</header>
<main id="main" class="portal-main">
  <?cs if:Portal.Notice ?><p class="notice ok" role="status" id="notice"><?cs var:Lang.Portal.Notice[Portal.Notice] ?></p><?cs /if ?>
  <?cs if:Portal.Error ?><p class="error" role="alert" id="error"><?cs var:Portal.Error ?></p><?cs /if ?>

  <section class="doc-head">
    <h1><?cs var:Lang.Portal.Kind[Quote.Kind] ?> <span class="number"><?cs var:Quote.Number ?></span></h1>
    <p class="status status-<?cs var:Quote.State ?>" id="status">
      <?cs if:Quote.SignedBy ?><?cs var:Lang.Portal.Signed ?>
      <?cs elif:Quote.Expired ?><?cs var:Lang.Portal.Expired ?>
      <?cs else ?><?cs var:Lang.Portal.State[Quote.State] ?><?cs /if ?>
    </p>
    <dl class="facts">
      <?cs if:Quote.Customer ?><dt><?cs var:Lang.Portal.Customer ?></dt><dd><?cs var:Quote.Customer ?><?cs if:Quote.CustomerAddress ?><div class="pre small"><?cs var:Quote.CustomerAddress ?></div><?cs /if ?></dd><?cs /if ?>
      <dt><?cs var:Lang.Portal.Date ?></dt><dd><?cs var:Quote.DateOrder ?></dd>
      <?cs if:Quote.Validity ?><dt><?cs var:Lang.Portal.Validity ?></dt><dd><?cs var:Quote.Validity ?>
        <?cs if:Quote.Expired ?> <span class="badge warn" id="expiry"><?cs var:Lang.Portal.Expired ?></span>
        <?cs elif:?Quote.ExpiresIn ?> <span class="badge" id="expiry"><?cs if:#Quote.ExpiresIn == #0 ?><?cs var:Lang.Portal.ExpiresToday ?><?cs elif:#Quote.ExpiresIn == #1 ?><?cs var:Lang.Portal.ExpiresTomorrow ?><?cs else ?><?cs var:Lang.Portal.ExpiresIn ?> <?cs var:Quote.ExpiresIn ?> <?cs var:Lang.Portal.Days ?><?cs /if ?></span><?cs /if ?>
      </dd><?cs /if ?>
      <?cs if:Quote.Salesperson ?><dt><?cs var:Lang.Portal.Salesperson ?></dt><dd><?cs var:Quote.Salesperson ?><?cs if:Quote.SalespersonEmail ?> · <a href="mailto:<?cs var:Quote.SalespersonEmail ?>"><?cs var:Quote.SalespersonEmail ?></a><?cs /if ?><?cs if:Company.Phone ?> · <a href="tel:<?cs var:Company.Phone ?>"><?cs var:Company.Phone ?></a><?cs /if ?></dd><?cs /if ?>
    </dl>
    <p class="actions-top">
      <a class="button" id="pdf" href="<?cs var:Portal.Base ?>/pdf?token=<?cs var:Portal.TokenQ ?>&amp;download=1"><?cs var:Lang.Portal.DownloadPdf ?></a>
      <?cs if:Quote.Open ?><a class="button primary" href="#sign"><?cs var:Lang.Portal.AcceptSign ?></a><?cs /if ?>
    </p>
  </section>

  <section class="doc-lines" aria-label="<?cs var:Lang.Portal.Lines ?>">
    <ul class="lines">
    <?cs each:l = Lines ?>
      <?cs if:l.Type == "section" ?><li class="section"><h2><?cs var:l.Name ?></h2></li>
      <?cs elif:l.Type == "note" ?><li class="note pre"><?cs var:l.Name ?></li>
      <?cs else ?><li class="line">
        <div class="desc"><?cs if:l.Code ?><span class="code">[<?cs var:l.Code ?>]</span> <?cs /if ?><span class="pre"><?cs var:l.Name ?></span></div>
        <div class="figures">
          <span class="qty"><?cs var:l.Qty ?><?cs if:l.Uom ?> <?cs var:l.Uom ?><?cs /if ?> × <?cs var:l.Price ?></span>
          <?cs if:l.Disc ?><span class="disc">−<?cs var:l.Disc ?> %</span><?cs /if ?>
          <?cs if:l.Taxes ?><span class="taxes"><?cs var:l.Taxes ?></span><?cs /if ?>
          <strong class="amount"><?cs var:l.Subtotal ?></strong>
        </div>
      </li><?cs /if ?>
    <?cs /each ?>
    </ul>
    <table class="totals">
      <tr><th scope="row"><?cs var:Lang.Portal.Untaxed ?></th><td><?cs var:Quote.Untaxed ?></td></tr>
      <?cs each:t = TaxTotals ?><tr><th scope="row"><?cs var:t.Name ?></th><td><?cs var:t.Amount ?></td></tr><?cs /each ?>
      <tr class="grand"><th scope="row"><?cs var:Lang.Portal.Total ?></th><td id="total"><?cs var:Quote.Total ?></td></tr>
    </table>
    <?cs if:Pay.Svg ?>
    <div class="pay" id="pay">
      <h2><?cs var:Lang.Portal.PayTitle ?></h2>
      <p class="small"><?cs var:Lang.Portal.PayText ?></p>
      <div class="qr epc"><?cs uvar:Pay.Svg ?></div>
      <p class="small">IBAN <?cs var:Pay.Iban ?><?cs if:Pay.Bic ?> · BIC <?cs var:Pay.Bic ?><?cs /if ?> · <?cs var:Lang.Portal.Reference ?> <?cs var:Quote.Number ?></p>
    </div>
    <?cs /if ?>
  </section>

  <?cs if:Quote.PaymentTerms || Quote.Terms ?>
  <section class="terms">
    <?cs if:Quote.PaymentTerms ?><h2><?cs var:Lang.Portal.PaymentTerms ?></h2><p><?cs var:Quote.PaymentTerms ?></p><?cs /if ?>
    <?cs if:Quote.Terms ?><h2><?cs var:Lang.Portal.Terms ?></h2><p class="pre"><?cs var:Quote.Terms ?></p><?cs /if ?>
  </section>
  <?cs /if ?>

  <?cs if:Quote.SignedBy ?>
  <section class="signed" id="signed">
    <h2><?cs var:Lang.Portal.Signed ?></h2>
    <?cs if:Quote.HasSignatureImage ?><img class="signature-image" src="<?cs var:Portal.Base ?>/signature.png?token=<?cs var:Portal.TokenQ ?>" alt="<?cs var:Lang.Portal.SignatureOf ?> <?cs var:Quote.SignedBy ?>" width="300" height="100"><?cs /if ?>
    <p><?cs var:Lang.Portal.SignedBy ?> <strong><?cs var:Quote.SignedBy ?></strong>, <?cs var:Quote.SignedOn ?></p>
    <p class="small mono"><?cs var:Lang.Portal.Hash ?> <?cs var:Quote.SignatureHash ?></p>
  </section>
  <?cs /if ?>
  <?cs if:Quote.State == "cancelled" ?>
  <section class="declined" id="declined"><h2><?cs var:Lang.Portal.State.cancelled ?></h2><?cs if:Quote.DeclineReason ?><p class="pre"><?cs var:Quote.DeclineReason ?></p><?cs /if ?></section>
  <?cs /if ?>

  <?cs if:Quote.Open ?>
  <section class="sign" id="sign">
    <h2><?cs var:Lang.Portal.AcceptSign ?></h2>
    <form method="post" action="<?cs var:Portal.Base ?>/sign" class="sign-form" accept-charset="utf-8" id="sign-form">
      <input type="hidden" name="token" value="<?cs var:Portal.Token ?>">
      <input type="hidden" name="form_token" value="<?cs var:Portal.FormToken ?>">
      <input type="hidden" name="content_hash" value="<?cs var:Portal.ContentHash ?>">
      <input type="hidden" name="signature" value="" id="signature-data">
      <div class="field<?cs if:Errors.name ?> has-error<?cs /if ?>">
        <label for="sign-name"><?cs var:Lang.Portal.FullName ?></label>
        <input id="sign-name" name="name" type="text" autocomplete="name" maxlength="255" required>
      </div>
      <?cs if:Quote.RequireSignature ?>
      <div class="field sigpad" hidden id="sigpad">
        <label for="sig-canvas"><?cs var:Lang.Portal.DrawSignature ?></label>
        <canvas id="sig-canvas" width="600" height="200" aria-label="<?cs var:Lang.Portal.DrawSignature ?>"></canvas>
        <button type="button" class="link" id="sig-clear"><?cs var:Lang.Portal.Clear ?></button>
      </div>
      <noscript><p class="small"><?cs var:Lang.Portal.TypedOnly ?></p></noscript>
      <?cs /if ?>
      <div class="field check<?cs if:Errors.accept ?> has-error<?cs /if ?>">
        <label><input type="checkbox" name="accept" value="1" required id="accept"> <?cs var:Lang.Portal.IAccept ?> <?cs var:Quote.Number ?> (<?cs var:Quote.Total ?>).</label>
      </div>
      <button type="submit" class="primary" id="sign-submit"><?cs var:Lang.Portal.Sign ?></button>
    </form>
    <details class="decline">
      <summary><?cs var:Lang.Portal.Decline ?></summary>
      <form method="post" action="<?cs var:Portal.Base ?>/decline" accept-charset="utf-8">
        <input type="hidden" name="token" value="<?cs var:Portal.Token ?>">
        <input type="hidden" name="form_token" value="<?cs var:Portal.FormToken ?>">
        <label for="decline-reason"><?cs var:Lang.Portal.DeclineReason ?></label>
        <textarea id="decline-reason" name="reason" rows="3" maxlength="5000" required></textarea>
        <button type="submit"><?cs var:Lang.Portal.DeclineButton ?></button>
      </form>
    </details>
  </section>
  <?cs /if ?>

  <section class="messages" id="messages">
    <h2><?cs var:Lang.Portal.Messages ?></h2>
    <form method="post" action="<?cs var:Portal.Base ?>/message" accept-charset="utf-8">
      <input type="hidden" name="token" value="<?cs var:Portal.Token ?>">
      <input type="hidden" name="form_token" value="<?cs var:Portal.FormToken ?>">
      <label for="message-body"><?cs var:Lang.Portal.MessageLabel ?></label>
      <textarea id="message-body" name="body" rows="3" maxlength="5000" required></textarea>
      <button type="submit"><?cs var:Lang.Portal.Send ?></button>
    </form>
    <ol class="thread">
    <?cs each:m = Messages ?>
      <li class="msg msg-<?cs var:m.Kind ?>"><div class="msg-head"><strong><?cs if:m.Author ?><?cs var:m.Author ?><?cs else ?><?cs var:Company.Name ?><?cs /if ?></strong> <time><?cs var:m.Date ?></time></div><div class="pre"><?cs var:m.Body ?></div></li>
    <?cs /each ?>
    </ol>
  </section>

  <section class="open-phone">
    <h2><?cs var:Lang.Portal.OpenOnPhone ?></h2>
    <div class="qr page-qr" id="page-qr"><?cs uvar:Portal.QrSvg ?></div>
  </section>
</main>
<footer class="foot"><?cs var:Company.Name ?><?cs if:Company.Email ?> · <?cs var:Company.Email ?><?cs /if ?><?cs if:Company.Phone ?> · <?cs var:Company.Phone ?><?cs /if ?></footer>
<?cs if:Quote.Open && Quote.RequireSignature ?>
<script src="/static/vendor/signature_pad.umd.min.js" defer></script>
<script src="/static/js/portal.js" defer></script>
<?cs /if ?>
</body>
</html>
