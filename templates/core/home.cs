<?cs set:Page.Title = Lang.Home.Title ?><?cs include!"layout/head.cs" ?>
<section class="hero">
  <h1><?cs var:App.Company ?></h1>
  <p class="lead"><?cs var:Lang.Home.Intro ?></p>
</section>
<div class="cards two">
  <a class="card big" href="/contact">
    <h2><?cs var:Lang.Home.Contact ?></h2>
    <p><?cs var:Lang.Home.ContactHint ?></p>
  </a>
  <a class="card big" href="/crm/login">
    <h2><?cs var:Lang.Home.StaffLogin ?></h2>
    <p><?cs var:Lang.Home.StaffLoginHint ?></p>
  </a>
</div>
<?cs include!"layout/foot.cs" ?>
