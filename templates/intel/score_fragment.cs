<?cs include!"intel/score_explain.cs" ?>
