<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "outbox" ?><?cs include!"quotes/tabs.cs" ?>
<p class="crumb"><a href="/quotes/outbox"><?cs var:Lang.Quotes.Outbox.Back ?></a></p>
<h1><?cs var:Mail.Subject ?></h1>
<section class="card">
  <dl class="qdl">
    <dt><?cs var:Lang.Quotes.Outbox.From ?></dt><dd><?cs var:Mail.From ?></dd>
    <dt><?cs var:Lang.Quotes.Outbox.To ?></dt><dd><?cs var:Mail.To ?></dd>
    <?cs if:Mail.Cc ?><dt><?cs var:Lang.Quotes.Outbox.Cc ?></dt><dd><?cs var:Mail.Cc ?></dd><?cs /if ?>
    <dt><?cs var:Lang.Quotes.Outbox.Date ?></dt><dd><?cs var:Mail.Date ?></dd>
    <dt><?cs var:Lang.Quotes.Outbox.MessageId ?></dt><dd class="hash">&lt;<?cs var:Mail.MessageId ?>&gt;</dd>
    <?cs if:subcount(Mail.Att) ?><dt><?cs var:Lang.Quotes.Outbox.Attachments ?></dt><dd><?cs each:a = Mail.Att ?><?cs var:a.Name ?> (<?cs var:a.Kb ?> <?cs var:Lang.Quotes.Kb ?>) <?cs /each ?></dd><?cs /if ?>
  </dl>
  <pre class="mailtext"><?cs var:Mail.Text ?></pre>
</section>
<?cs include!"layout/foot.cs" ?>
