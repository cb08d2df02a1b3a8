<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "templates" ?><?cs include!"quotes/tabs.cs" ?>
<div class="qhead"><h1><?cs var:Lang.Quotes.Templates.Title ?></h1>
  <?cs if:User.IsManager ?><div class="qactions"><a class="button" href="/quotes/templates/mail"><?cs var:Lang.Quotes.MailTpl.Link ?></a> <a class="button primary" href="/quotes/templates/new"><?cs var:Lang.Quotes.Templates.New ?></a></div><?cs /if ?></div>
<?cs if:subcount(Templates) ?>
<div class="tablewrap"><table>
  <thead><tr><th><?cs var:Lang.Quotes.Templates.Name ?></th><th class="num"><?cs var:Lang.Quotes.Templates.Validity ?></th><th><?cs var:Lang.Quotes.Templates.Signature ?></th><th class="num"><?cs var:Lang.Quotes.Templates.NLines ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:t = Templates ?>
  <tr<?cs if:t.active != "1" ?> class="archived"<?cs /if ?>><td><a href="/quotes/templates/<?cs var:t.id ?>"><?cs var:t.name ?></a></td><td class="num"><?cs var:t.validity_days ?></td>
    <td><?cs if:t.require_signature == "1" ?><?cs var:Lang.Common.Yes ?><?cs else ?><?cs var:Lang.Common.No ?><?cs /if ?></td><td class="num"><?cs var:t.nlines ?></td>
    <td><?cs if:t.active != "1" ?><span class="badge"><?cs var:Lang.Quotes.Products.Archived ?></span><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table></div>
<?cs else ?><p class="card muted"><?cs var:Lang.Quotes.Templates.Empty ?></p><?cs /if ?>
<?cs include!"layout/foot.cs" ?>
