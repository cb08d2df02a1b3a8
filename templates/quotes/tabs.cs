<nav class="qtabs" aria-label="<?cs var:Lang.Quotes.Title ?>">
  <a href="/quotes"<?cs if:Tab == "quotes" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Quotes.Tabs.Quotes ?></a>
  <a href="/quotes/products"<?cs if:Tab == "products" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Quotes.Tabs.Products ?></a>
  <a href="/quotes/taxes"<?cs if:Tab == "taxes" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Quotes.Tabs.Taxes ?></a>
  <a href="/quotes/templates"<?cs if:Tab == "templates" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Quotes.Tabs.Templates ?></a>
  <?cs if:User.IsAdmin ?><a href="/quotes/outbox"<?cs if:Tab == "outbox" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Quotes.Tabs.Outbox ?></a><?cs /if ?>
</nav>
<?cs if:Error ?><p class="error" role="alert"><?cs var:Error ?></p><?cs /if ?>
