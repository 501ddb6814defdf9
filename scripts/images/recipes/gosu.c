// gosu USER[:GROUP] COMMAND [ARG...]: run COMMAND as USER, as the upstream images' entrypoints do with gosu.
// USER and GROUP are names from the image's /etc/passwd and /etc/group, or numbers. Static, so it needs no NSS.
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int numeric(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

// Finds `key` (a name or a number) in a colon-separated file; copies the id (field 3) and field 4 if asked.
static int lookup(const char *file, const char *key, long *id, long *gid, char *home, size_t homelen) {
  FILE *f = fopen(file, "r");
  if (!f) return 0;
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    char *fields[7] = {0};
    int n = 0;
    for (char *p = line, *tok; n < 7 && (tok = strsep(&p, ":\n")); n++) fields[n] = tok;
    if (n < 3) continue;
    if (strcmp(fields[0], key) == 0 || (numeric(key) && strcmp(fields[2], key) == 0)) {
      *id = atol(fields[2]);
      if (gid && n > 3) *gid = atol(fields[3]);
      if (home && n > 5) snprintf(home, homelen, "%s", fields[5]);
      fclose(f);
      return 1;
    }
  }
  fclose(f);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: gosu user-spec command [args]\n");
    return 1;
  }
  char spec[256];
  snprintf(spec, sizeof spec, "%s", argv[1]);
  char *group = strchr(spec, ':');
  if (group) *group++ = '\0';
  long uid = -1, gid = -1;
  char home[512] = "/";
  if (!lookup("/etc/passwd", spec, &uid, &gid, home, sizeof home)) {
    if (!numeric(spec)) {
      fprintf(stderr, "gosu: user %s not found in /etc/passwd\n", spec);
      return 1;
    }
    uid = atol(spec);
    gid = uid;
  }
  if (group && *group) {
    long g;
    if (lookup("/etc/group", group, &g, NULL, NULL, 0)) gid = g;
    else if (numeric(group)) gid = atol(group);
    else {
      fprintf(stderr, "gosu: group %s not found in /etc/group\n", group);
      return 1;
    }
  }
  gid_t groups[1] = {(gid_t)gid};
  if (setgroups(1, groups) < 0 || setgid((gid_t)gid) < 0 || setuid((uid_t)uid) < 0) {
    perror("gosu: switching user");
    return 1;
  }
  setenv("HOME", home, 1);
  execvp(argv[2], argv + 2);
  fprintf(stderr, "gosu: exec %s: ", argv[2]);
  perror("");
  return 127;
}
