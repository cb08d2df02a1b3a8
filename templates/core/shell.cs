<?cs set:Page.Title = Lang.App.Name ?><?cs include!"layout/head.cs" ?>
<h1><?cs var:Lang.Shell.Welcome ?>, <?cs var:User.Name ?></h1>
<p><?cs var:Lang.Shell.Intro ?></p>
<div class="cards">
  <?cs if:!Nav.NoLeads ?><a class="card" href="/crm/leads"><h2><?cs var:Lang.Nav.Leads ?></h2></a><?cs /if ?>
  <a class="card" href="/crm/pipeline"><h2><?cs var:Lang.Nav.Pipeline ?></h2></a>
  <a class="card" href="/crm/activities"><h2><?cs var:Lang.Nav.Activities ?></h2></a>
  <a class="card" href="/quotes"><h2><?cs var:Lang.Nav.Quotations ?></h2></a>
  <a class="card" href="/crm/customers"><h2><?cs var:Lang.Nav.Customers ?></h2></a>
  <a class="card" href="/crm/reports"><h2><?cs var:Lang.Nav.Reports ?></h2></a>
  <?cs if:User.IsManager ?><a class="card" href="/crm/settings"><h2><?cs var:Lang.Nav.Settings ?></h2></a><?cs /if ?>
</div>
<?cs include!"layout/foot.cs" ?>
