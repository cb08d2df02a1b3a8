<?cs set:Page.Title = Page.Heading ?><?cs include!"layout/head.cs" ?>
<h1><?cs var:Page.Heading ?></h1>
<section class="card">
  <h2><?cs var:Lang.Coming.Title ?></h2>
  <p><?cs var:Lang.Coming.Text ?></p>
</section>
<?cs include!"layout/foot.cs" ?>
