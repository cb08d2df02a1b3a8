<!DOCTYPE html>
<html lang="<?cs var:LangCode ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs if:Page.Title ?><?cs var:Page.Title ?> · <?cs /if ?><?cs var:Lang.App.Name ?></title>
<link rel="stylesheet" href="/static/css/piste.css">
<?cs each:s = Page.Css ?><link rel="stylesheet" href="<?cs var:s ?>">
<?cs /each ?>
</head>
<body class="<?cs if:User.Id ?>staff<?cs else ?>public<?cs /if ?> <?cs var:Page.BodyClass ?>">
<a class="skip" href="#main"><?cs var:Lang.Nav.Skip ?></a>
<header class="topbar">
  <a class="brand" href="<?cs if:User.Id ?>/crm<?cs else ?>/<?cs /if ?>"><?cs var:Lang.App.Name ?></a>
<?cs if:User.Id ?>
  <nav class="mainnav" aria-label="Main">
    <?cs if:!Nav.NoLeads ?><a href="/crm/leads"<?cs if:Nav.Active == "leads" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Leads ?></a><?cs /if ?>
    <a href="/crm/pipeline"<?cs if:Nav.Active == "pipeline" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Pipeline ?></a>
    <a href="/crm/activities"<?cs if:Nav.Active == "activities" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Activities ?></a>
    <a href="/quotes"<?cs if:Nav.Active == "quotes" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Quotations ?></a>
    <a href="/crm/customers"<?cs if:Nav.Active == "customers" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Customers ?></a>
    <a href="/crm/reports"<?cs if:Nav.Active == "reports" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Reports ?></a>
    <?cs if:User.IsManager ?><a href="/crm/settings"<?cs if:Nav.Active == "settings" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Settings ?></a><?cs /if ?>
  </nav>
  <a class="bell<?cs if:User.Unread ?> unread<?cs /if ?>" href="/crm/notifications" title="<?cs var:Lang.Nav.Notifications ?>"<?cs if:Nav.Active == "notifications" ?> aria-current="page"<?cs /if ?>><svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.7 21a2 2 0 0 1-3.4 0"/></svg><span class="visually-hidden"><?cs var:Lang.Nav.Notifications ?></span><?cs if:User.Unread ?> <span class="badge"><?cs var:User.Unread ?></span><?cs /if ?></a>
  <details class="usermenu">
    <summary><?cs var:User.Name ?></summary>
    <div class="menu">
      <a href="/crm/password"><?cs var:Lang.Nav.Password ?></a>
      <form method="post" action="/crm/lang" class="inline">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="next" value="<?cs var:Req.Path ?>">
        <button name="lang" value="<?cs if:LangCode == "fr" ?>en<?cs else ?>fr<?cs /if ?>" class="link"><?cs if:LangCode == "fr" ?><?cs var:Lang.Lang.en ?><?cs else ?><?cs var:Lang.Lang.fr ?><?cs /if ?></button>
      </form>
      <form method="post" action="/crm/logout" class="inline">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <button class="link"><?cs var:Lang.Nav.Logout ?></button>
      </form>
    </div>
  </details>
<?cs else ?>
  <nav class="langnav" aria-label="<?cs var:Lang.Nav.Language ?>">
    <a href="<?cs var:Req.Path ?>?lang=fr" hreflang="fr" lang="fr"<?cs if:LangCode == "fr" ?> aria-current="true"<?cs /if ?>>FR</a>
    <a href="<?cs var:Req.Path ?>?lang=en" hreflang="en" lang="en"<?cs if:LangCode == "en" ?> aria-current="true"<?cs /if ?>>EN</a>
  </nav>
<?cs /if ?>
</header>
<?cs if:Flash ?><div class="flash" role="status"><?cs var:Flash ?></div><?cs /if ?>
<main id="main">
