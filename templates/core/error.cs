<?cs set:Page.Title = Error.Title ?><?cs include!"layout/head.cs" ?>
<section class="narrow error-page">
  <p class="status"><?cs var:Error.Status ?></p>
  <h1><?cs var:Error.Title ?></h1>
  <?cs if:Error.Message ?><p><?cs var:Error.Message ?></p>
  <?cs elif:Error.Status == 404 ?><p><?cs var:Lang.Err.Generic404 ?></p>
  <?cs elif:Error.Status == 503 ?><p><?cs var:Lang.Err.Generic503 ?></p>
  <?cs elif:Error.Status == 500 ?><p><?cs var:Lang.Err.Generic500 ?></p><?cs /if ?>
  <p><a href="<?cs if:User.Id ?>/crm<?cs else ?>/<?cs /if ?>"><?cs var:Lang.Err.BackHome ?></a></p>
</section>
<?cs include!"layout/foot.cs" ?>
