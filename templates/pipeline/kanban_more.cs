<?cs include!"pipeline/macros.cs" ?><?cs if:!Fragment ?><?cs include!"layout/head.cs" ?><p><a href="<?cs var:Kanban.Next ?>"><?cs var:Lang.Common.Back ?></a></p><?cs /if ?>
<div class="kcards-more" data-more="<?cs var:More ?>">
<?cs each:cd = Cards ?><?cs call:card(cd) ?><?cs /each ?>
</div>
<?cs if:!Fragment ?><?cs if:More ?><a class="button" href="<?cs var:More ?>"><?cs var:Lang.Pl.Kanban.LoadMore ?></a><?cs /if ?><?cs include!"layout/foot.cs" ?><?cs /if ?>
