<section class="chatter" aria-label="<?cs var:Lang.Chatter.Title ?>">
  <h2><?cs var:Lang.Chatter.Title ?></h2>
  <?cs if:Chatter.PostUrl ?>
  <form method="post" action="<?cs var:Chatter.PostUrl ?>" class="chatter-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label for="chatter-body" class="visually-hidden"><?cs var:Lang.Chatter.Note ?></label>
    <textarea id="chatter-body" name="body" rows="3" maxlength="20000" required placeholder="<?cs var:Lang.Chatter.NotePlaceholder ?>"></textarea>
    <?cs if:Chatter.PublicOption ?><label class="inline"><input type="checkbox" name="public" value="1"> <?cs var:Lang.Chatter.PublicOption ?></label><?cs /if ?>
    <button type="submit"><?cs var:Lang.Chatter.LogNote ?></button>
  </form>
  <?cs /if ?>
  <?cs if:!Chatter.Count ?><p class="muted"><?cs var:Lang.Chatter.Empty ?></p><?cs /if ?>
  <ol class="messages">
  <?cs each:m = Chatter.Messages ?>
    <li class="msg msg-<?cs var:m.Kind ?>" id="msg-<?cs var:m.Id ?>">
      <div class="msg-head">
        <strong><?cs if:m.Author ?><?cs var:m.Author ?><?cs else ?><?cs var:Lang.Chatter.System ?><?cs /if ?></strong>
        <span class="kind"><?cs alt:Lang.Chatter.Kind[m.Kind] ?><?cs var:m.Kind ?><?cs /alt ?></span>
        <time><?cs var:m.Date ?></time>
        <?cs if:m.Public ?><span class="badge"><?cs var:Lang.Chatter.Public ?></span><?cs /if ?>
      </div>
      <?cs if:m.Subject ?><div class="msg-subject"><?cs var:m.Subject ?></div><?cs /if ?>
      <?cs if:m.Body ?><?cs if:m.IsHtml ?><div class="msg-body html"><?cs uvar:m.Body ?></div><?cs else ?><div class="msg-body text"><?cs var:m.Body ?></div><?cs /if ?><?cs /if ?>
      <?cs if:subcount(m.Tracking) ?>
      <ul class="tracking">
        <?cs each:t = m.Tracking ?><li><?cs alt:Lang.Track[t.Field] ?><?cs var:t.Field ?><?cs /alt ?>: <span class="old"><?cs if:t.Old ?><?cs var:t.Old ?><?cs else ?>—<?cs /if ?></span> → <span class="new"><?cs if:t.New ?><?cs var:t.New ?><?cs else ?>—<?cs /if ?></span></li><?cs /each ?>
      </ul>
      <?cs /if ?>
      <?cs if:#m.Attachments > #0 ?><div class="msg-attach"><?cs var:m.Attachments ?> <?cs var:Lang.Chatter.Files ?><?cs if:subcount(m.Files) ?>:
        <ul class="files"><?cs each:f = m.Files ?><li><a href="<?cs var:Chatter.FileUrl ?><?cs var:f.Id ?>"><?cs var:f.Name ?></a> <span class="muted">(<?cs var:f.Size ?>)</span></li><?cs /each ?></ul><?cs /if ?></div><?cs /if ?>
    </li>
  <?cs /each ?>
  </ol>
</section>
