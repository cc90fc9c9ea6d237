/*
 * A minimal libmodsecurity 3 connector for the WAF tests: loads the rules file given, runs each
 * request of the requests file through a transaction (connection, URI, headers, body, response,
 * logging) as a web-server connector does, and prints ModSecurity's server-log lines (what nginx
 * writes to its error log) on stderr. The audit log goes where the rules' SecAuditLog says.
 *
 * requests file: one request per line, tab-separated: client-ip, method, uri, user-agent, body (- for
 * none), host.
 * stdout: one line per request, its final status.
 */
#include <modsecurity/modsecurity.h>
#include <modsecurity/rules_set.h>
#include <modsecurity/transaction.h>
#include <modsecurity/intervention.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void server_log(void *data, const void *msg) {
  (void)data;
  fprintf(stderr, "%s\n", (const char *)msg);
}

/* Returns the intervention status (0 when none), freeing what libmodsecurity allocated. */
static int intervened(Transaction *t) {
  ModSecurityIntervention it;
  memset(&it, 0, sizeof it);
  it.status = 200;
  int status = 0;
  if (msc_intervention(t, &it) && it.disruptive) status = it.status;
  /* The disruptive rule's message comes with the intervention; a connector logs it (nginx: error log). */
  if (it.log) fprintf(stderr, "%s\n", it.log);
  free(it.url);
  free(it.log);
  return status;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s RULES REQUESTS\n", argv[0]);
    return 2;
  }
  ModSecurity *ms = msc_init();
  msc_set_connector_info(ms, "netdoctor-test-connector v1");
  msc_set_log_cb(ms, server_log);
  RulesSet *rules = msc_create_rules_set();
  const char *error = NULL;
  if (msc_rules_add_file(rules, argv[1], &error) < 0) {
    fprintf(stderr, "rules: %s\n", error ? error : "?");
    return 2;
  }
  FILE *in = fopen(argv[2], "r");
  if (!in) return 2;
  char line[8192];
  int port = 40000;
  while (fgets(line, sizeof line, in)) {
    line[strcspn(line, "\n")] = 0;
    char *ip = strtok(line, "\t"), *method = strtok(NULL, "\t"), *uri = strtok(NULL, "\t");
    char *ua = strtok(NULL, "\t"), *body = strtok(NULL, "\t"), *host = strtok(NULL, "\t");
    if (!ip || !method || !uri || !ua) continue;
    Transaction *t = msc_new_transaction(ms, rules, NULL);
    int status = 0;
    msc_process_connection(t, ip, port++, "127.0.0.1", 80);
    msc_process_uri(t, uri, method, "1.1");
    status = intervened(t);
    if (!status) {
      msc_add_request_header(t, (const unsigned char *)"Host", (const unsigned char *)(host ? host : "localhost"));
      msc_add_request_header(t, (const unsigned char *)"User-Agent", (const unsigned char *)ua);
      msc_add_request_header(t, (const unsigned char *)"Accept", (const unsigned char *)"text/html");
      if (body && strcmp(body, "-") != 0)
        msc_add_request_header(t, (const unsigned char *)"Content-Type",
                               (const unsigned char *)"application/x-www-form-urlencoded");
      msc_process_request_headers(t);
      status = intervened(t);
    }
    if (!status) {
      if (body && strcmp(body, "-") != 0) msc_append_request_body(t, (const unsigned char *)body, strlen(body));
      msc_process_request_body(t);
      status = intervened(t);
    }
    if (!status) status = 200;
    msc_add_response_header(t, (const unsigned char *)"Content-Type", (const unsigned char *)"text/html");
    msc_process_response_headers(t, status, "HTTP 1.1");
    msc_process_response_body(t);
    msc_process_logging(t);
    printf("%d\n", status);
    msc_transaction_cleanup(t);
  }
  fclose(in);
  msc_rules_cleanup(rules);
  msc_cleanup(ms);
  return 0;
}
