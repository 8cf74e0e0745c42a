/*
 * afalg_compat_test_vectors.c - every known-answer vector of AFALG.md
 * section 4, driven through socket/bind/setsockopt/accept/send/read.
 */
#include "afalg_compat_test.h"

static int t_sha1(void) {
  return hash_vec("sha1", NULL, "abc", 3, 64,
                  "a9993e364706816aba3e25717850c26c9cd0d89d");
}

static int t_sha224(void) {
  return hash_vec("sha224", NULL, "abc", 3, 64,
                  "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
}

static int t_sha256(void) {
  return hash_vec(
      "sha256", NULL, "abc", 3, 64,
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static int t_sha256_long(void) {
  return hash_vec(
      "sha256", NULL, abc_long, strlen(abc_long), 64,
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static int t_sha256_empty(void) {
  return hash_vec(
      "sha256", NULL, "", 0, 64,
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static int t_sha384(void) {
  return hash_vec("sha384", NULL, "abc", 3, 64,
                  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff"
                  "5bed8086072ba1e7cc2358baeca134c825a7");
}

static int t_sha512(void) {
  return hash_vec("sha512", NULL, "abc", 3, 64,
                  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55"
                  "d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94f"
                  "a54ca49f");
}

static int t_sha3_256(void) {
  return hash_vec(
      "sha3-256", NULL, "abc", 3, 64,
      "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
}

static int t_sha3_256_empty(void) {
  return hash_vec(
      "sha3-256", NULL, "", 0, 64,
      "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

static int t_sm3(void) {
  return hash_vec(
      "sm3", NULL, "abc", 3, 64,
      "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

static int t_md5(void) {
  return hash_vec("md5", NULL, "abc", 3, 64,
                  "900150983cd24fb0d6963f7d28e17f72");
}

static int t_blake2b_512(void) {
  return hash_vec("blake2b-512", NULL, "abc", 3, 64,
                  "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbff"
                  "a2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386ed"
                  "d4009923");
}

static int t_blake2b_256(void) {
  return hash_vec(
      "blake2b-256", NULL, "abc", 3, 64,
      "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static int t_hmac_sha256_tc1(void) {
  return hash_vec(
      "hmac(sha256)", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", 8,
      64, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

static int t_hmac_sha256_tc2(void) {
  return hash_vec(
      "hmac(sha256)", "4a656665", "what do ya want for nothing?", 28, 64,
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static int t_hmac_sha256_tc5_trunc(void) {
  return hash_vec("hmac(sha256)", "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
                  "Test With Truncation", 20, 16,
                  "a3b6167473100ee06e0c796c2955552b");
}

static int t_hmac_sha256_tc6(void) {
  char key[263];
  memset(key, 'a', 262);
  key[262] = 0;
  return hash_vec(
      "hmac(sha256)", key,
      "Test Using Larger Than Block-Size Key - Hash Key First", 54, 64,
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static int t_hmac_sha384_tc2(void) {
  return hash_vec("hmac(sha384)", "4a656665", "what do ya want for nothing?",
                  28, 64,
                  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322"
                  "445e8e2240ca5e69e2c78b3239ecfab21649");
}

static int t_hmac_sha512_tc2(void) {
  return hash_vec("hmac(sha512)", "4a656665", "what do ya want for nothing?",
                  28, 64,
                  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea25"
                  "05549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a"
                  "38bce737");
}

static int t_hmac_sha1_tc2(void) {
  return hash_vec("hmac(sha1)", "4a656665", "what do ya want for nothing?", 28,
                  64, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

static int cmac_case(const char *keyhex, size_t mlen, const char *want) {
  uint8_t m[64];
  unhex(sp800_38a_pt, m);
  return hash_vec("cmac(aes)", keyhex, m, mlen, 64, want);
}

static int t_cmac_empty(void) {
  return cmac_case(aes128_key, 0, "bb1d6929e95937287fa37d129b756746");
}

static int t_cmac_16(void) {
  return cmac_case(aes128_key, 16, "070a16b46b4d4144f79bdd9dd04a287c");
}

static int t_cmac_40(void) {
  return cmac_case(aes128_key, 40, "dfa66747de9ae63030ca32611497c827");
}

static int t_cmac_64(void) {
  return cmac_case(aes128_key, 64, "51f0bebf7e3b9d92fc49741779363cfe");
}

static int t_cmac_aes256_empty(void) {
  return cmac_case(aes256_key, 0, "028962f61b7bf89efc6b551f4667d983");
}

static int t_ecb_aes(void) {
  return sk_vec("ecb(aes)", aes128_key, NULL, sp800_38a_pt,
                "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fd"
                "baaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f82232071"
                "04725dd4");
}

static int t_cbc_aes128(void) {
  return sk_vec("cbc(aes)", aes128_key, "000102030405060708090a0b0c0d0e0f",
                sp800_38a_pt, cbc_ct);
}

static int t_cbc_aes256(void) {
  return sk_vec("cbc(aes)", aes256_key, "000102030405060708090a0b0c0d0e0f",
                sp800_38a_pt,
                "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc670"
                "2c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c1907"
                "8c6a9d1b");
}

static int t_ctr_aes(void) {
  return sk_vec("ctr(aes)", aes128_key, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
                sp800_38a_pt, ctr_ct);
}

static int t_gcm_tc1(void) {
  return aead_vec("gcm(aes)", "00000000000000000000000000000000",
                  "000000000000000000000000", 16, "", "", "",
                  "58e2fccefa7e3061367f1d57a4e7455a");
}

static int t_gcm_tc2(void) {
  return aead_vec(
      "gcm(aes)", "00000000000000000000000000000000",
      "000000000000000000000000", 16, "", "00000000000000000000000000000000",
      "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");
}

static int t_gcm_tc3(void) {
  return aead_vec("gcm(aes)", gcm_key, gcm_iv, 16, "", gcm_pt, gcm_ct,
                  "4d5c2af327cd64a62cf35abd2ba6fab4");
}

static int t_gcm_tc4(void) {
  return aead_vec("gcm(aes)", gcm_key, gcm_iv, 16, gcm_aad, prefix(gcm_pt, 60),
                  prefix(gcm_ct, 60), "5bc94fbc3221a5db94fae95ae7121a47");
}

static int t_gcm_tc4_authsize12(void) {
  return aead_vec("gcm(aes)", gcm_key, gcm_iv, 12, gcm_aad, prefix(gcm_pt, 60),
                  prefix(gcm_ct, 60), "5bc94fbc3221a5db94fae95a");
}

static int t_gcm_tc16(void) {
  return aead_vec(
      "gcm(aes)",
      "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      gcm_iv, 16, gcm_aad, prefix(gcm_pt, 60),
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555"
      "d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
      "76fc6ece0f4e1768cddf8853bb2d551b");
}

static int t_rfc4106(void) {
  /* AAD region = 8 AAD bytes || the 8-byte IV (not authenticated) */
  return aead_vec("rfc4106(gcm(aes))",
                  "feffe9928665731c6d6a8f9467308308cafebabe",
                  "facedbaddecaf888", 16, "feedfacedeadbeeffacedbaddecaf888",
                  prefix(gcm_pt, 60), prefix(gcm_ct, 60),
                  "c52dfb54afbb07a19affbee0614ce7a5");
}

static int t_ccm_ex1(void) {
  return aead_vec("ccm(aes)", "404142434445464748494a4b4c4d4e4f",
                  "07101112131415160000000000000000", 4, "0001020304050607",
                  "20212223", "7162015b", "4dac255d");
}

static int t_ccm_ex2(void) {
  return aead_vec("ccm(aes)", "404142434445464748494a4b4c4d4e4f",
                  "06101112131415161700000000000000", 6,
                  "000102030405060708090a0b0c0d0e0f",
                  "202122232425262728292a2b2c2d2e2f",
                  "d2a1f0e051ea5f62081a7792073d593d", "1fc64fbfaccd");
}

static int t_chacha20(void) {
  char pt[300];
  tohex(ladies, 114, pt);
  return sk_vec(
      "chacha20",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "01000000000000000000004a00000000", pt,
      "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9f"
      "ae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c35"
      "9f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818c"
      "e91ab77937365af90bbf74a35be6b40b8eedf2785e42874d");
}

static int t_chachapoly(void) {
  char pt[300];
  tohex(ladies, 114, pt);
  return aead_vec(
      "rfc7539(chacha20,poly1305)",
      "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
      "070000004041424344454647", 16, "50515253c0c1c2c3c4c5c6c7", pt,
      "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e"
      "8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c"
      "9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d265"
      "86cec64b6116",
      "1ae10b594f09e26a7e902ecbd0600691");
}

static int t_xts_vec1(void) {
  return sk_vec(
      "xts(aes)",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "00000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e");
}

static int t_xts_vec2(void) {
  return sk_vec(
      "xts(aes)",
      "1111111111111111111111111111111122222222222222222222222222222222",
      "33333333330000000000000000000000",
      "4444444444444444444444444444444444444444444444444444444444444444",
      "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0");
}

static int t_cts_17(void) {
  return sk_vec("cts(cbc(aes))", "636869636b656e207465726979616b69",
                "00000000000000000000000000000000",
                "4920776f756c64206c696b652074686520",
                "c6353568f2bf8cb4d8a580362da7ff7f97");
}

static int t_cts_31(void) {
  char pt[70];
  tohex("I would like the General Gau's ", 31, pt);
  return sk_vec(
      "cts(cbc(aes))", "636869636b656e207465726979616b69",
      "00000000000000000000000000000000", pt,
      "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5");
}

/* RFC 3962's 32-byte input ends in "C" (AFALG.md 4.9 drops that letter) */
static int t_cts_32(void) {
  char pt[70];
  tohex("I would like the General Gau's C", 32, pt);
  return sk_vec(
      "cts(cbc(aes))", "636869636b656e207465726979616b69",
      "00000000000000000000000000000000", pt,
      "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584");
}

/* authenc key blob: rtattr {8, 1} (host order), be32 enckeylen 16, the
 * 32-byte HMAC key 00..1f, the AES-128 key */
static const char authenc_key[] =
    "0800010000000010"
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "2b7e151628aed2a6abf7158809cf4f3c";

static int t_authenc(void) {
  return aead_vec("authenc(hmac(sha256),cbc(aes))", authenc_key,
                  "000102030405060708090a0b0c0d0e0f", 16, "0000a5f80000000a",
                  sp800_38a_pt, cbc_ct, "e88b71a111f329306cb5f5ab3aa184ed");
}

/* Derived (Python hmac): ESN authenticates AAD[0..4] || AAD[8..] || CT ||
 * AAD[4..8]; the output keeps the AAD as sent. */
static int t_authencesn(void) {
  return aead_vec("authencesn(hmac(sha256),cbc(aes))", authenc_key,
                  "000102030405060708090a0b0c0d0e0f", 16,
                  "0000a5f8000000010000000a", sp800_38a_pt, cbc_ct,
                  "e19f00ec5e5398d6fe7956458c7f2fbd");
}

/* 4.11: kernel checksums, little-endian digests */
static int t_crc32c(void) {
  return hash_vec("crc32c", NULL, "123456789", 9, 64, "839206e3");
}
static int t_crc32(void) {
  return hash_vec("crc32", NULL, "123456789", 9, 64, "882dfd2d");
}
static int t_crc32_seeded(void) {
  return hash_vec("crc32", "ffffffff", "123456789", 9, 64, "d9c60b34");
}
static int t_xxhash64_empty(void) {
  return hash_vec("xxhash64", NULL, "", 0, 64, "99e9d85137db46ef");
}
static int t_xxhash64(void) {
  return hash_vec("xxhash64", NULL, "abc", 3, 64, "990977adf52cbc44");
}

const struct afalg_test afalg_tests_vectors[] = {TEST(t_sha1),
                                                 TEST(t_sha224),
                                                 TEST(t_sha256),
                                                 TEST(t_sha256_long),
                                                 TEST(t_sha256_empty),
                                                 TEST(t_sha384),
                                                 TEST(t_sha512),
                                                 TEST(t_sha3_256),
                                                 TEST(t_sha3_256_empty),
                                                 TEST(t_sm3),
                                                 TEST(t_md5),
                                                 TEST(t_blake2b_512),
                                                 TEST(t_blake2b_256),
                                                 TEST(t_hmac_sha256_tc1),
                                                 TEST(t_hmac_sha256_tc2),
                                                 TEST(t_hmac_sha256_tc5_trunc),
                                                 TEST(t_hmac_sha256_tc6),
                                                 TEST(t_hmac_sha384_tc2),
                                                 TEST(t_hmac_sha512_tc2),
                                                 TEST(t_hmac_sha1_tc2),
                                                 TEST(t_cmac_empty),
                                                 TEST(t_cmac_16),
                                                 TEST(t_cmac_40),
                                                 TEST(t_cmac_64),
                                                 TEST(t_cmac_aes256_empty),
                                                 TEST(t_ecb_aes),
                                                 TEST(t_cbc_aes128),
                                                 TEST(t_cbc_aes256),
                                                 TEST(t_ctr_aes),
                                                 TEST(t_gcm_tc1),
                                                 TEST(t_gcm_tc2),
                                                 TEST(t_gcm_tc3),
                                                 TEST(t_gcm_tc4),
                                                 TEST(t_gcm_tc4_authsize12),
                                                 TEST(t_gcm_tc16),
                                                 TEST(t_rfc4106),
                                                 TEST(t_ccm_ex1),
                                                 TEST(t_ccm_ex2),
                                                 TEST(t_chacha20),
                                                 TEST(t_chachapoly),
                                                 TEST(t_xts_vec1),
                                                 TEST(t_xts_vec2),
                                                 TEST(t_cts_17),
                                                 TEST(t_cts_31),
                                                 TEST(t_cts_32),
                                                 TEST(t_authenc),
                                                 TEST(t_authencesn),
                                                 TEST(t_crc32c),
                                                 TEST(t_crc32),
                                                 TEST(t_crc32_seeded),
                                                 TEST(t_xxhash64_empty),
                                                 TEST(t_xxhash64),
                                                 {NULL, NULL}};
