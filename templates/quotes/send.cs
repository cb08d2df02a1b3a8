<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "quotes" ?><?cs include!"quotes/tabs.cs" ?>
<p class="crumb"><a href="/quotes"><?cs var:Lang.Quotes.Title ?></a> / <a href="/quotes/<?cs var:Quote.id ?>"><?cs var:Quote.number ?></a> /</p>
<h1><?cs var:Lang.Quotes.Send.Title ?></h1>
<?cs if:ErrorDetail ?><p class="muted"><?cs var:ErrorDetail ?></p><?cs /if ?>
<?cs if:Send.NoCustomer ?><p class="notice warn"><?cs var:Lang.Quotes.Send.NoCustomer ?> <a href="/quotes/<?cs var:Quote.id ?>"><?cs var:Quote.number ?></a></p><?cs /if ?>
<?cs if:Send.Outbox ?><p class="notice"><?cs var:Lang.Quotes.Send.OutboxNote ?></p><?cs /if ?>
<form method="post" action="/quotes/<?cs var:Quote.id ?>/send" class="card stack qsend">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <input type="hidden" name="idem_key" value="<?cs var:Send.Key ?>">
  <label for="to"><?cs var:Lang.Quotes.Send.To ?></label>
  <input type="text" id="to" name="to" value="<?cs var:Send.To ?>" required maxlength="1000">
  <?cs if:Errors.to ?><p class="field-error"><?cs var:Errors.to ?></p><?cs /if ?>
  <label for="cc"><?cs var:Lang.Quotes.Send.Cc ?></label>
  <input type="text" id="cc" name="cc" value="<?cs var:Send.Cc ?>" maxlength="1000">
  <?cs if:Errors.cc ?><p class="field-error"><?cs var:Errors.cc ?></p><?cs /if ?>
  <label for="subject"><?cs var:Lang.Quotes.Send.Subject ?></label>
  <input type="text" id="subject" name="subject" value="<?cs var:Send.Subject ?>" required maxlength="500">
  <label for="body"><?cs var:Lang.Quotes.Send.Body ?></label>
  <textarea id="body" name="body" rows="14" required maxlength="100000"><?cs var:Send.Body ?></textarea>
  <small><?cs var:Lang.Quotes.Send.LangNote ?> <?cs var:Lang.Lang[Send.Lang] ?></small>
  <p><?cs var:Lang.Quotes.Send.Attachment ?>: <a href="/quotes/<?cs var:Quote.id ?>/pdf" target="_blank"><?cs var:Send.Attachment ?></a></p>
  <p class="check"><label><input type="checkbox" name="followup" value="1"<?cs if:Send.Followup ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.Send.Followup ?></label>
    <input type="number" name="followup_days" value="<?cs var:Send.FollowupDays ?>" min="1" max="365" class="days" aria-label="<?cs var:Lang.Quotes.Send.Days ?>"> <?cs var:Lang.Quotes.Send.Days ?></p>
  <p><button type="submit" class="primary"<?cs if:Send.NoCustomer ?> disabled<?cs /if ?>><?cs var:Lang.Quotes.Send.Submit ?></button>
    <a href="/quotes/<?cs var:Quote.id ?>"><?cs var:Lang.Common.Cancel ?></a></p>
</form>
<?cs include!"layout/foot.cs" ?>
