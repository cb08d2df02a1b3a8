<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<div class="list-head">
  <h1><?cs var:Page.Heading ?></h1>
  <?cs if:Notifs.All ?><a class="button" href="/crm/notifications"><?cs var:Lang.Pl.Notif.UnreadOnly ?></a><?cs else ?><a class="button" href="/crm/notifications?all=1"><?cs var:Lang.Pl.Notif.ShowAll ?></a><?cs /if ?>
  <?cs if:#Notifs.Count > #0 ?>
  <form method="post" action="/crm/notifications/read" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <button><?cs var:Lang.Pl.Notif.MarkAllRead ?></button>
  </form>
  <?cs /if ?>
</div>
<?cs if:#Notifs.Count == #0 ?><p class="muted"><?cs var:Lang.Pl.Notif.None ?></p><?cs /if ?>
<ul class="notif-list card">
<?cs each:n = Notifs.Items ?>
  <li class="notif<?cs if:n.is_read == "0" ?> unread<?cs /if ?>">
    <form method="post" action="/crm/notifications/<?cs var:n.id ?>/open" class="inline">
      <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
      <button class="link"><strong><?cs alt:Lang.Pl.Notif.Event[n.event] ?><?cs var:n.event ?><?cs /alt ?></strong><?cs if:n.summary ?>: <?cs var:n.summary ?><?cs /if ?></button>
    </form>
    <span class="muted"><?cs var:n.when ?></span>
  </li>
<?cs /each ?>
</ul>
<?cs include!"layout/foot.cs" ?>
