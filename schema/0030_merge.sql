-- Qualification (issue 5, SPEC P5-P7b, P11): what a merge needs to be undone.
-- Owner: crm/merge.c (lead_merge, lead_merge_row, lead_merge_tag,
-- lead_merge_move, partner_merge).

-- One merge of leads: the kept record (master) and who did it when.
-- Written by: crm/merge.c
CREATE TABLE lead_merge (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  master_id BIGINT NOT NULL,
  author_id BIGINT NULL,
  summary_msg_id BIGINT NULL,                    -- the chatter note listing merged values
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  undone_at DATETIME NULL,
  undone_by BIGINT NULL,
  KEY ix_lead_merge_master (master_id, id)
) ENGINE=InnoDB;

-- Full rows of every record of a merge: 'before' (all of them, as they were)
-- and 'after' (the master as the merge left it: unmerge compares the master
-- with it to keep the fields edited since). Same columns as crm_lead;
-- merge.c copies the columns both tables have, so a column added to crm_lead
-- later only needs the same ALTER here to be restored too.
-- Written by: crm/merge.c
CREATE TABLE lead_merge_row LIKE crm_lead;
ALTER TABLE lead_merge_row
  MODIFY id BIGINT NOT NULL,
  DROP PRIMARY KEY,
  DROP KEY uq_lead_intake_key,
  DROP KEY ft_lead_search,
  DROP KEY ix_lead_kanban, DROP KEY ix_lead_user, DROP KEY ix_lead_list, DROP KEY ix_lead_stage,
  DROP KEY ix_lead_email, DROP KEY ix_lead_domain, DROP KEY ix_lead_phone, DROP KEY ix_lead_partner,
  DROP KEY ix_lead_create, DROP KEY ix_lead_deadline, DROP KEY ix_lead_lost_reason, DROP KEY ix_lead_merged,
  DROP KEY ix_lead_kanban_agg, DROP KEY ix_lead_activity, DROP KEY ix_lead_name, DROP KEY ix_lead_company,
  DROP KEY ix_lead_list_stage, DROP KEY ix_lead_list_team, DROP KEY ix_lead_team_id, DROP KEY ix_lead_user_id,
  ADD COLUMN merge_id BIGINT NOT NULL FIRST,
  ADD COLUMN snap ENUM('before','after') NOT NULL AFTER merge_id,
  ADD PRIMARY KEY (merge_id, snap, id);

-- Tags of every record before the merge, and of the master after it.
-- Written by: crm/merge.c
CREATE TABLE lead_merge_tag (
  merge_id BIGINT NOT NULL,
  snap ENUM('before','after') NOT NULL,
  lead_id BIGINT NOT NULL,
  tag_id BIGINT NOT NULL,
  PRIMARY KEY (merge_id, snap, lead_id, tag_id)
) ENGINE=InnoDB;

-- What moved from a merged record to the master (messages, activities,
-- attachments, quotations) or was added to it (followers), with what the
-- move changed, so unmerge puts each back exactly.
-- Written by: crm/merge.c
CREATE TABLE lead_merge_move (
  merge_id BIGINT NOT NULL,
  kind ENUM('message','activity','attachment','quote','follower') NOT NULL,
  obj_id BIGINT NOT NULL,                        -- row id (follower: the user id)
  from_id BIGINT NOT NULL,                       -- the merged record it came from
  old_subject VARCHAR(998) NULL,
  old_moved_from BIGINT NULL,
  PRIMARY KEY (merge_id, kind, obj_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
