/* The libgit2 floor of `vault log REPORT`, in C: libgit2 initialised and the vault opened as
   vault does, the branch walked in the same order (topological, by time) with strict hash
   verification off (as `vault log` reads), and the report's path compared between each commit
   and its first parent level by level by subtree ids; the parent's ids are kept for when the
   walk reaches it, so each tree is read at most once. Prints the number of commits that
   changed the path. */
#include <git2.h>
#include <stdio.h>
#include <string.h>

#define MAXDEPTH 8
static const char *names[MAXDEPTH];
static int depth;

/* ids[0] is the root tree; ids[l] (l >= 1) the entry at names[l - 1], read up to `upto`. */
struct path_ids { git_oid ids[MAXDEPTH + 1]; int known; };

static void read_upto(git_repository *repo, struct path_ids *p, int upto) {
    while (p->known < upto) {
        int l = p->known;
        git_oid next; memset(&next, 0, sizeof next);
        git_tree *t;
        if (!git_oid_is_zero(&p->ids[l]) && git_tree_lookup(&t, repo, &p->ids[l]) == 0) {
            const git_tree_entry *e = git_tree_entry_byname(t, names[l]);
            if (e) next = *git_tree_entry_id(e);
            git_tree_free(t);
        }
        p->ids[l + 1] = next;
        p->known++;
    }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s REPO PATH\n", argv[0]); return 2; }
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    static char path[4096];
    strncpy(path, argv[2], sizeof path - 1);
    for (char *s = strtok(path, "/"); s && depth < MAXDEPTH; s = strtok(NULL, "/")) names[depth++] = s;
    git_repository *repo; git_revwalk *walk; git_oid oid;
    if (git_repository_open(&repo, argv[1]) || git_revwalk_new(&walk, repo)) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git_revwalk_push_head(walk);
    struct path_ids next; git_oid next_id; int have_next = 0, changed = 0;
    while (git_revwalk_next(&oid, walk) == 0) {
        git_commit *c;
        if (git_commit_lookup(&c, repo, &oid)) continue;
        struct path_ids mine;
        if (have_next && git_oid_equal(&next_id, &oid)) mine = next;
        else { mine.known = 0; mine.ids[0] = *git_commit_tree_id(c); }
        have_next = 0;
        if (git_commit_parentcount(c) > 0) {
            struct path_ids parent; parent.known = 0;
            const git_oid *pid = git_commit_parent_id(c, 0);
            git_commit *p;
            if (git_commit_lookup(&p, repo, pid) == 0) {
                parent.ids[0] = *git_commit_tree_id(p);
                git_commit_free(p);
                int l = 0;
                for (;; l++) {
                    read_upto(repo, &mine, l); read_upto(repo, &parent, l);
                    if (git_oid_equal(&mine.ids[l], &parent.ids[l])) break;
                    if (l == depth) { changed++; break; }
                }
                next = parent; next_id = *pid; have_next = 1;
            }
        } else {
            read_upto(repo, &mine, depth);
            if (!git_oid_is_zero(&mine.ids[depth])) changed++;
        }
        git_commit_free(c);
    }
    printf("%d\n", changed);
    return 0;
}
