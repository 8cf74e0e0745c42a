/*
 * afalg-scan evaluation corpus: LTP-style test library (SAFE_* macros that
 * call safe_*() functions taking __FILE__/__LINE__, tst_alg_* helpers).
 */
int tst_alg_create(void);
int tst_alg_setup_reqfd(const char *algtype, const char *algname, const unsigned char *key, unsigned int keylen);
