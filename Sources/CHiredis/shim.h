#include <hiredis/hiredis.h>
#include <sys/time.h>

/* The context's error text is a fixed char array, which Swift imports as a 128-element tuple. */
static inline const char *narrate_redis_errstr(const redisContext *context) { return context->errstr; }

/* A reply's string bytes (STRING, STATUS, ERROR) and its array elements, without pointer arithmetic in Swift. */
static inline const char *narrate_redis_reply_str(const redisReply *reply) { return reply->str; }
static inline redisReply *narrate_redis_reply_element(const redisReply *reply, size_t index) { return reply->element[index]; }
