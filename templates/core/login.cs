<?cs set:Page.Title = Lang.Login.Title ?><?cs include!"layout/head.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.Login.Title ?></h1>
  <?cs if:Login.Notice == "expired" ?><p class="notice"><?cs var:Lang.Login.Expired ?></p><?cs /if ?>
  <?cs if:Login.Notice == "loggedout" ?><p class="notice"><?cs var:Lang.Login.LoggedOut ?></p><?cs /if ?>
  <?cs if:Login.Error == "bad" ?><p class="error" role="alert"><?cs var:Lang.Login.Bad ?></p><?cs /if ?>
  <?cs if:Login.Error == "locked" ?><p class="error" role="alert"><?cs var:Lang.Login.Locked ?></p><?cs /if ?>
  <?cs if:Login.Error == "form" ?><p class="error" role="alert"><?cs var:Lang.Login.FormExpired ?></p><?cs /if ?>
  <form method="post" action="/crm/login" class="stack">
    <input type="hidden" name="form_token" value="<?cs var:Login.Token ?>">
    <input type="hidden" name="next" value="<?cs var:Login.Next ?>">
    <label for="login"><?cs var:Lang.Login.Login ?></label>
    <input id="login" name="login" autocomplete="username" autocapitalize="none" required maxlength="64" value="<?cs var:Login.Login ?>">
    <label for="password"><?cs var:Lang.Login.Password ?></label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
    <button type="submit" class="primary"><?cs var:Lang.Login.Submit ?></button>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
