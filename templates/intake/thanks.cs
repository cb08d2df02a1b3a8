<?cs set:Page.Title = Lang.Contact.Thanks ?><?cs include!"layout/head.cs" ?>
<section class="contact thanks" role="status">
  <h1><?cs var:Lang.Contact.Thanks ?></h1>
  <p class="lead"><?cs if:Contact.Queued ?><?cs var:Lang.Contact.ThanksQueued ?><?cs else ?><?cs var:Lang.Contact.ThanksText ?><?cs /if ?></p>
  <p><a href="/"><?cs var:Lang.Contact.Back ?></a></p>
</section>
<?cs include!"layout/foot.cs" ?>
