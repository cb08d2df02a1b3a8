</main>
<footer class="foot"><?cs var:App.Company ?> · <?cs var:Lang.App.Name ?></footer>
<?cs each:s = Page.Js ?><script src="<?cs var:s ?>" defer></script>
<?cs /each ?>
</body>
</html>
