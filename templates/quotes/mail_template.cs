<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "templates" ?><?cs include!"quotes/tabs.cs" ?>
<p class="crumb"><a href="/quotes/templates"><?cs var:Lang.Quotes.Templates.Title ?></a> /</p>
<h1><?cs var:Lang.Quotes.MailTpl.Title ?></h1>
<p class="muted"><?cs var:Lang.Quotes.MailTpl.Intro ?></p>
<p class="muted"><code>{{number}}</code> <code>{{customer}}</code> <code>{{total}}</code> <code>{{validity}}</code> <code>{{portal_url}}</code> <code>{{salesperson}}</code> <code>{{company}}</code> <code>{{origin}}</code></p>
<?cs each:lg = Lang.Lang ?>
<form method="post" action="/quotes/templates/mail" class="card stack qsend">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <input type="hidden" name="lang" value="<?cs var:name(lg) ?>">
  <h2><?cs var:lg ?></h2>
  <label for="subject-<?cs var:name(lg) ?>"><?cs var:Lang.Quotes.Send.Subject ?></label>
  <input type="text" id="subject-<?cs var:name(lg) ?>" name="subject" value="<?cs var:Mail[name(lg)].Subject ?>" required maxlength="500">
  <label for="body-<?cs var:name(lg) ?>"><?cs var:Lang.Quotes.Send.Body ?></label>
  <textarea id="body-<?cs var:name(lg) ?>" name="body" rows="12" required maxlength="20000"><?cs var:Mail[name(lg)].Body ?></textarea>
  <p><button type="submit" class="primary"><?cs var:Lang.Quotes.Action.Save ?></button></p>
</form>
<?cs /each ?>
<?cs include!"layout/foot.cs" ?>
