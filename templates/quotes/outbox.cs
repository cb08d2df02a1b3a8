<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "outbox" ?><?cs include!"quotes/tabs.cs" ?>
<h1><?cs var:Lang.Quotes.Outbox.Title ?></h1>
<p class="muted"><?cs var:Lang.Quotes.Outbox.Intro ?> <code><?cs var:OutboxDir ?></code></p>
<?cs if:SmtpUrl ?><p class="notice"><?cs var:Lang.Quotes.Outbox.Smtp ?> <code><?cs var:SmtpUrl ?></code></p><?cs /if ?>
<?cs if:subcount(Outbox) ?>
<div class="tablewrap"><table>
  <thead><tr><th><?cs var:Lang.Quotes.Outbox.Date ?></th><th><?cs var:Lang.Quotes.Outbox.To ?></th><th><?cs var:Lang.Quotes.Outbox.Subject ?></th><th class="num"><?cs var:Lang.Quotes.Outbox.Size ?></th></tr></thead>
  <tbody>
  <?cs each:m = Outbox ?>
  <tr><td><?cs var:m.Date ?></td><td><?cs var:m.To ?></td><td><a href="/quotes/outbox/<?cs var:url_escape(m.Name) ?>"><?cs if:m.Subject ?><?cs var:m.Subject ?><?cs else ?><?cs var:m.Name ?><?cs /if ?></a></td><td class="num"><?cs var:m.Kb ?> <?cs var:Lang.Quotes.Kb ?></td></tr>
  <?cs /each ?>
  </tbody>
</table></div>
<?cs else ?><p class="card muted"><?cs var:Lang.Quotes.Outbox.Empty ?></p><?cs /if ?>
<?cs include!"layout/foot.cs" ?>
