/* piste demo - load demonstration data once: 3 teams, 8 users, partners,
 * products and taxes, ~200 leads and opportunities over every stage, some
 * won and some lost. Deterministic (fixed seed), so screenshots and tests
 * see the same data every time. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/crypt.h"
#include "core/err.h"
#include "crm/lead.h"
#include "crm/partner.h"
#include "crm/product.h"
#include "crm/quote.h"
#include "crm/settings.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"

static uint64_t seed = 0x5eed1234abcdULL;

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

static const struct {
	const char *login, *name, *role;
	int team; /* index into teams, -1: none */
} users[] = {
	{"sophie.martin", "Sophie Martin", "manager", 0},
	{"david.leroy", "David Leroy", "manager", 1},
	{"lucas.bernard", "Lucas Bernard", "sales", 0},
	{"emma.petit", "Emma Petit", "sales", 0},
	{"hugo.moreau", "Hugo Moreau", "sales", 1},
	{"chloe.garcia", "Chloé Garcia", "sales", 1},
	{"nathan.roux", "Nathan Roux", "sales", 2},
	{"lea.fournier", "Léa Fournier", "sales", 2},
};

static const struct {
	const char *name, *alias;
	bool use_leads;
} teams[] = {
	{"Direct Sales", "sales@piste.example", true},
	{"Export", "export@piste.example", true},
	{"Partners & Resellers", "partners@piste.example", false},
};

static const char *const company_a[] = {"Atelier", "Boulangerie", "Cabinet", "Transports", "Imprimerie",
					"Garage", "Clinique", "Brasserie", "Menuiserie", "Librairie",
					"Pharmacie", "Hôtel", "Agence", "Ferme", "Studio"};
static const char *const company_b[] = {"Dupont", "des Alpes", "Lumière", "Océan", "du Rhône",
					"Saint-Michel", "Vauban", "Belle Époque", "des Lilas", "Horizon",
					"Mistral", "du Port", "Montagne", "Cévennes", "Garonne"};
static const char *const first_names[] = {"Camille", "Julien", "Manon", "Thomas", "Inès", "Antoine",
					  "Zoé", "Maxime", "Sarah", "Nicolas", "Élodie", "Pierre",
					  "Louise", "Mathieu", "Jeanne", "Karim", "Amélie", "Yann"};
static const char *const last_names[] = {"Lefèvre", "Mercier", "Blanc", "Guerin", "Faure", "André",
					 "Chevalier", "François", "Legrand", "Gauthier", "Perrin",
					 "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel"};
static const char *const cities[][2] = {{"Lyon", "69002"},     {"Paris", "75011"},   {"Marseille", "13001"},
					{"Toulouse", "31000"}, {"Nantes", "44000"},  {"Lille", "59000"},
					{"Bordeaux", "33000"}, {"Grenoble", "38000"}, {"Annecy", "74000"},
					{"Bruxelles", "1000"}};
static const char *const subjects[] = {"Devis pour équipement", "Demande d'information", "Projet de rénovation",
				       "Contrat de maintenance", "Formation équipe", "Renouvellement licences",
				       "Installation sur site", "Audit annuel", "Extension du parc",
				       "Partenariat revendeur", "Site web et boutique", "Migration des données"};
static const char *const tags[] = {"VIP", "Partner", "Urgent", "Services", "Training", "Public sector", "Product"};
static const char *const sources[] = {"Website", "Newsletter", "Trade show", "Referral", "LinkedIn", "Phone"};

static int fail(struct db *db, const char *what, const struct err_info *e)
{
	return cli_fail("demo: %s: %s %s", what, e && e->msg[0] ? e->msg : "", db_error(db));
}

/* A few quotations, so that a first visit shows the quotation pages and
 * the customer portal: each on an open opportunity of its own salesperson,
 * with two or three catalogue lines. Made after the commit (each quotation
 * is its own transaction); a failure only means fewer of them. */
static int demo_quotes(struct db *db, struct arena *a)
{
	struct db_rows opp, prod;
	if (db_query(db, a, &opp,
		     "SELECT l.id, l.user_id FROM crm_lead l JOIN stage s ON s.id = l.stage_id "
		     "WHERE l.type = 'opportunity' AND l.active = 1 AND s.is_won = 0 AND l.user_id IS NOT NULL "
		     "ORDER BY l.id LIMIT 6", "") != 0 ||
	    db_query(db, a, &prod, "SELECT id FROM product WHERE active = 1 ORDER BY id", "") != 0 || !prod.nrows)
		return 0;
	int made = 0;
	for (size_t i = 0; i < opp.nrows; i++) {
		struct quote_line_input lines[3];
		memset(lines, 0, sizeof lines);
		size_t nl = 2 + i % 2;
		for (size_t k = 0; k < nl; k++) {
			lines[k].product_id = db_get_i64(&prod, (i + k * 3) % prod.nrows, 0);
			lines[k].has_qty = true;
			lines[k].qty_e3 = (int64_t)(1 + (i + k) % 4) * 1000;
		}
		struct quote_acl acl = {db_get_i64(&opp, i, 1), false};
		struct quote_new in = {0};
		in.opportunity_id = db_get_i64(&opp, i, 0);
		in.author_id = acl.user_id;
		in.lines = lines;
		in.nlines = nl;
		struct err_info e = {0};
		int64_t id = 0;
		if (quote_create(db, a, &acl, &in, &id, &e) == 0)
			made++;
	}
	return made;
}

int cmd_demo(struct cli *c)
{
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	if (settings_bool(db, "demo_loaded", false)) {
		printf("demo data already loaded\n");
		return 0;
	}
	struct err_info e = {0};
	const char *cred = cli_opt(c, "credentials");
	if (db_begin(db) != 0)
		return fail(db, "begin", NULL);

	int64_t team_ids[3], user_ids[8];
	for (int i = 0; i < 3; i++) {
		struct team_input ti = {teams[i].name, teams[i].alias, 0, teams[i].use_leads, true};
		if (team_create(db, &ti, &team_ids[i], &e) != 0)
			goto bad;
	}
	char credbuf[4096] = "";
	for (int i = 0; i < 8; i++) {
		char pw[32];
		crypt_token(pw, sizeof pw, 9);
		char email[128];
		snprintf(email, sizeof email, "%s@piste.example", users[i].login);
		if (user_create(db, users[i].login, users[i].name, email, users[i].role, pw, &user_ids[i], &e) != 0)
			goto bad;
		if (users[i].team >= 0 &&
		    team_add_member(db, team_ids[users[i].team], user_ids[i], 30 + 10 * (int)rnd(4), false, &e) != 0)
			goto bad;
		size_t l = strlen(credbuf);
		snprintf(credbuf + l, sizeof credbuf - l, "login: %-14s password: %s  (%s, %s)\n",
			 users[i].login, pw, users[i].name, users[i].role);
	}
	if (db_exec(db, "UPDATE team SET leader_id = ? WHERE id = ?", "ii", user_ids[0], team_ids[0]) < 0 ||
	    db_exec(db, "UPDATE team SET leader_id = ? WHERE id = ?", "ii", user_ids[1], team_ids[1]) < 0 ||
	    db_exec(db, "UPDATE team SET leader_id = ? WHERE id = ?", "ii", user_ids[1], team_ids[2]) < 0)
		goto bad;
	/* A team-specific stage, to show that the kanban mixes global and team stages. */
	int64_t r = db_exec(db, "INSERT INTO stage (name, sequence, team_id) VALUES ('Negotiation', 4, ?)", "i",
			    team_ids[1]);
	if (r < 0)
		goto bad;

	int64_t tva20, tva10, tva55;
	if (tax_create(db, "TVA 20 %", 200000, false, &tva20, &e) || tax_create(db, "TVA 10 %", 100000, false, &tva10, &e) ||
	    tax_create(db, "TVA 5,5 %", 55000, false, &tva55, &e) || tax_create(db, "TVA 20 % TTC", 200000, true, NULL, &e))
		goto bad;
	const struct {
		const char *name, *code, *uom;
		int64_t price;
		int64_t *tax;
	} products[] = {
		{"Audit de sécurité", "SRV-AUDIT", "Day", 95000, &tva20},
		{"Formation utilisateurs (1 jour)", "SRV-TRAIN", "Day", 120000, &tva20},
		{"Licence logicielle annuelle", "LIC-Y", "Unit", 49900, &tva20},
		{"Poste de travail complet", "HW-PC", "Unit", 129000, &tva20},
		{"Écran 27 pouces", "HW-SCR27", "Unit", 32990, &tva20},
		{"Maintenance mensuelle", "SRV-MAINT", "Month", 25000, &tva20},
		{"Ouvrage technique", "BOOK-TECH", "Unit", 4500, &tva55},
		{"Déplacement sur site", "SRV-TRAVEL", "Unit", 18000, &tva10},
	};
	for (size_t i = 0; i < sizeof products / sizeof products[0]; i++) {
		struct product_input pi = {products[i].name, products[i].code, NULL, products[i].uom,
					   products[i].price, products[i].tax, 1};
		if (product_create(db, &pi, NULL, &e) != 0)
			goto bad;
	}

	int64_t partner_ids[40];
	for (int i = 0; i < 40; i++) {
		char name[128], email[160], phone[32];
		snprintf(name, sizeof name, "%s %s", company_a[i % 15], company_b[(i * 7 + 3) % 15]);
		snprintf(email, sizeof email, "contact@%s%d.example", company_b[(i * 7 + 3) % 15][0] == 'd' ? "societe" : "entreprise", i);
		snprintf(phone, sizeof phone, "04 72 %02u %02u %02u", rnd(100), rnd(100), rnd(100));
		unsigned ci = rnd(10);
		struct partner_input pi = {0};
		pi.name = name;
		pi.is_company = true;
		pi.email = email;
		pi.phone = phone;
		pi.street = "12 avenue de la République";
		pi.zip = cities[ci][1];
		pi.city = cities[ci][0];
		pi.country_code = ci == 9 ? "BE" : "FR";
		pi.lang = "fr";
		if (partner_create(db, &c->a, &pi, &partner_ids[i], &e) != 0)
			goto bad;
	}

	int64_t won_stage = 0, lost_reason = 0;
	if (db_int(db, &won_stage, 0, "SELECT id FROM stage WHERE is_won = 1 ORDER BY sequence LIMIT 1", "") ||
	    db_int(db, &lost_reason, 0, "SELECT id FROM lost_reason ORDER BY id LIMIT 1", ""))
		goto bad;
	struct db_rows st;
	if (db_query(db, &c->a, &st, "SELECT id FROM stage WHERE is_won = 0 AND team_id IS NULL ORDER BY sequence", ""))
		goto bad;
	for (int i = 0; i < 200; i++) {
		arena_reset(&c->a);
		if (db_query(db, &c->a, &st,
			     "SELECT id FROM stage WHERE is_won = 0 AND team_id IS NULL ORDER BY sequence", ""))
			goto bad;
		int t = (int)rnd(3);
		int member = t * 2 + (int)rnd(2);
		if (t == 0 && member >= 2)
			member = 2 + (int)rnd(2);
		else if (t == 1)
			member = 4 + (int)rnd(2);
		else if (t == 2)
			member = 6 + (int)rnd(2);
		char name[160], contact[96], email[160], phone[32], created[32], deadline[16];
		const char *fn = first_names[rnd(18)], *ln = last_names[rnd(17)];
		snprintf(contact, sizeof contact, "%s %s", fn, ln);
		int pidx = (int)rnd(40);
		char company[128];
		snprintf(company, sizeof company, "%s %s", company_a[pidx % 15], company_b[(pidx * 7 + 3) % 15]);
		snprintf(name, sizeof name, "%s - %s", subjects[rnd(12)], company);
		if (rnd(4) == 0)
			snprintf(email, sizeof email, "%c.%s%d@gmail.com", (char)('a' + rnd(26)), "client", i);
		else
			snprintf(email, sizeof email, "contact%d@entreprise%d.example", i, pidx);
		snprintf(phone, sizeof phone, "06 %02u %02u %02u %02u", rnd(100), rnd(100), rnd(100), rnd(100));
		int age = (int)rnd(120);
		snprintf(created, sizeof created, "%s", "");
		struct db_rows d;
		if (db_query1(
			    db, &c->a, &d,
			    "SELECT DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL ? DAY - INTERVAL ? MINUTE, '%Y-%m-%d %H:%i:%s'), "
			    "DATE_FORMAT(UTC_DATE() + INTERVAL ? DAY, '%Y-%m-%d')",
			    "iii", (int64_t)age, (int64_t)rnd(600), (int64_t)(rnd(90) + 5)))
			goto bad;
		snprintf(created, sizeof created, "%s", db_get(&d, 0, 0));
		snprintf(deadline, sizeof deadline, "%s", db_get(&d, 0, 1));
		const char *tagv[2] = {tags[rnd(7)], tags[rnd(7)]};
		struct lead_input li;
		lead_input_init(&li);
		li.name = name;
		li.contact_name = contact;
		li.partner_name = company;
		li.email = email;
		li.phone = phone;
		li.city = cities[pidx % 10][0];
		li.zip = cities[pidx % 10][1];
		li.country_code = pidx % 10 == 9 ? "BE" : "FR";
		li.lang = "fr";
		li.team_id = team_ids[t];
		li.source = sources[rnd(6)];
		li.medium = rnd(2) ? "Website" : "Email";
		li.origin = "demo";
		li.create_date = created;
		li.priority = (int)rnd(4);
		li.tags = tagv;
		li.ntags = rnd(3);
		li.expected_revenue = (int64_t)(rnd(60) + 1) * 50000;
		bool lead = i < 60 && teams[t].use_leads;
		li.type = lead ? "lead" : "opportunity";
		if (!lead || rnd(2))
			li.user_id = user_ids[member];
		if (!lead) {
			li.date_deadline = deadline;
			li.stage_id = db_get_i64(&st, rnd((unsigned)st.nrows), 0);
			li.probability_e2 = 1000 + 1000 * (int64_t)rnd(8);
			if (rnd(3) == 0)
				li.partner_id = partner_ids[pidx];
		}
		if (i >= 170 && i < 184) {
			li.stage_id = won_stage;
			li.type = "opportunity";
		} else if (i >= 184) {
			li.lost = true;
			li.type = "opportunity";
			li.lost_reason_id = lost_reason + (int64_t)rnd(3);
		}
		if (lead_create(db, &c->a, &li, NULL, &e) != 0)
			goto bad;
	}
	settings_set_int(db, "default_team_id", team_ids[0]);
	settings_set(db, "demo_loaded", "1");
	if (db_commit(db) != 0)
		return fail(db, "commit", NULL);
	int nq = demo_quotes(db, &c->a);
	if (cred && cli_write_credentials(cred, credbuf) != 0)
		return cli_fail("cannot write %s", cred);
	printf("Demo data loaded: 3 teams, 8 users, 40 customers, 8 products, 200 leads/opportunities, "
	       "%d quotations.\n%s",
	       nq, credbuf);
	return 0;
bad:
	db_rollback(db);
	return fail(db, "loading", &e);
}
