<?cs set:Page.Title = Lang.Password.Title ?><?cs include!"layout/head.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.Password.Title ?></h1>
  <?cs if:Password.Done ?><p class="notice" role="status"><?cs var:Lang.Password.Done ?></p><?cs /if ?>
  <?cs if:Errors._form ?><p class="error" role="alert"><?cs var:Errors._form ?></p><?cs /if ?>
  <form method="post" action="/crm/password" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <input type="text" name="username" autocomplete="username" value="<?cs var:User.Login ?>" hidden>
    <label for="current"><?cs var:Lang.Password.Current ?></label>
    <input id="current" name="current" type="password" autocomplete="current-password" required>
    <?cs if:Errors.current ?><p class="field-error" id="current-err"><?cs var:Errors.current ?></p><?cs /if ?>
    <label for="password"><?cs var:Lang.Password.New ?></label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256" aria-describedby="pw-hint<?cs if:Errors.password ?> password-err<?cs /if ?>"<?cs if:Errors.password ?> aria-invalid="true"<?cs /if ?>>
    <small id="pw-hint"><?cs var:Lang.Password.Hint ?></small>
    <?cs if:Errors.password ?><p class="field-error" id="password-err"><?cs var:Errors.password ?></p><?cs /if ?>
    <label for="confirm"><?cs var:Lang.Password.Confirm ?></label>
    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
    <?cs if:Errors.confirm ?><p class="field-error"><?cs var:Errors.confirm ?></p><?cs /if ?>
    <button type="submit" class="primary"><?cs var:Lang.Password.Submit ?></button>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
