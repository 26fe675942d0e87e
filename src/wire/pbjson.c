/* Generic protobuf-c message to JSON walker, following the proto3 JSON mapping
 * with proto field names. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/timefmt.h"
#include "wire/convert.h"
#include "wire/pbjson.h"

/* The types an Any may carry that we can expand. */
static const ProtobufCMessageDescriptor *const pbjson_any_registry[] = {
    &yandex__cloud__dataproc__v1__job__descriptor,
    &yandex__cloud__dataproc__v1__create_job_metadata__descriptor,
    &yandex__cloud__dataproc__v1__cluster__descriptor,
    &yandex__cloud__operation__operation__descriptor,
    &google__rpc__status__descriptor,
};

static json_t *pbjson_message(const ProtobufCMessage *msg);

static json_t *
pbjson_base64(const uint8_t *data, size_t len)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	strbuf_grow(&sb, (len + 2) / 3 * 4);
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16;
		size_t left = len - i;

		if (left > 1)
			v |= (uint32_t)data[i + 1] << 8;
		if (left > 2)
			v |= data[i + 2];
		strbuf_addch(&sb, tab[v >> 18 & 63]);
		strbuf_addch(&sb, tab[v >> 12 & 63]);
		strbuf_addch(&sb, left > 1 ? tab[v >> 6 & 63] : '=');
		strbuf_addch(&sb, left > 2 ? tab[v & 63] : '=');
	}
	j = json_stringn(strbuf_str(&sb), sb.len);
	strbuf_done(&sb);
	return j;
}

/* jansson rejects invalid UTF-8; a server string must still show, so repair it. */
static json_t *
pbjson_string(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (!s)
		return json_string("");
	j = json_string(s);
	if (j)
		return j;
	utf8_repair_append(&sb, s, strlen(s));
	j = json_stringn(strbuf_str(&sb), sb.len);
	strbuf_done(&sb);
	return j;
}

static json_t *
pbjson_double(double v)
{
	if (isnan(v))
		return json_string("NaN");
	if (isinf(v))
		return json_string(v > 0 ? "Infinity" : "-Infinity");
	return json_real(v);
}

static json_t *
pbjson_int64_string(int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return json_string(buf);
}

static json_t *
pbjson_uint64_string(uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return json_string(buf);
}

/* One value of field f stored at p (an element, for repeated fields). */
static json_t *
pbjson_value(const ProtobufCFieldDescriptor *f, const void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		return json_integer(*(const int32_t *)p);
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return json_integer(*(const uint32_t *)p);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return pbjson_int64_string(*(const int64_t *)p);
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return pbjson_uint64_string(*(const uint64_t *)p);
	case PROTOBUF_C_TYPE_FLOAT:
		return pbjson_double(*(const float *)p);
	case PROTOBUF_C_TYPE_DOUBLE:
		return pbjson_double(*(const double *)p);
	case PROTOBUF_C_TYPE_BOOL:
		return json_boolean(*(const protobuf_c_boolean *)p);
	case PROTOBUF_C_TYPE_ENUM: {
		int v = *(const int *)p;
		const ProtobufCEnumValue *ev =
		    protobuf_c_enum_descriptor_get_value(f->descriptor, v);

		return ev ? json_string(ev->name) : json_integer(v);
	}
	case PROTOBUF_C_TYPE_STRING:
		return pbjson_string(*(char *const *)p);
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *b = p;

		return pbjson_base64(b->data, b->len);
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *m = *(const ProtobufCMessage *const *)p;

		return m ? pbjson_message(m) : json_object();
	}
	}
	return json_null();
}

/* True when the value at p is the proto3 default, which the JSON mapping omits. */
static bool
pbjson_is_zero(const ProtobufCFieldDescriptor *f, const void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return *(const uint32_t *)p == 0;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return *(const uint64_t *)p == 0;
	case PROTOBUF_C_TYPE_FLOAT:
		return *(const float *)p == 0;
	case PROTOBUF_C_TYPE_DOUBLE:
		return *(const double *)p == 0;
	case PROTOBUF_C_TYPE_BOOL:
		return !*(const protobuf_c_boolean *)p;
	case PROTOBUF_C_TYPE_ENUM:
		return *(const int *)p == 0;
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;

		return !s || !*s;
	}
	case PROTOBUF_C_TYPE_BYTES:
		return ((const ProtobufCBinaryData *)p)->len == 0;
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(const ProtobufCMessage *const *)p == NULL;
	}
	return true;
}

/* protobuf-c keeps no map flag: a map field is a repeated message named after
 * the field in CamelCase plus "Entry", with exactly the fields key and value. */
static bool
pbjson_is_map(const ProtobufCFieldDescriptor *f)
{
	const ProtobufCMessageDescriptor *d = f->descriptor;
	const char *name = f->name, *s;
	bool upper = true;

	if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->label != PROTOBUF_C_LABEL_REPEATED ||
	    d->n_fields != 2 || strcmp(d->fields[0].name, "key") != 0 ||
	    strcmp(d->fields[1].name, "value") != 0)
		return false;
	for (s = d->short_name; *name; name++) {
		char want = *name;

		if (want == '_') {
			upper = true;
			continue;
		}
		if (upper && want >= 'a' && want <= 'z')
			want = (char)(want - 'a' + 'A');
		upper = false;
		if (*s++ != want)
			return false;
	}
	return strcmp(s, "Entry") == 0;
}

/* JSON object keys are strings: map keys of other scalar types are printed. */
static json_t *
pbjson_map(const ProtobufCFieldDescriptor *f, ProtobufCMessage *const *entries, size_t n)
{
	const ProtobufCMessageDescriptor *d = f->descriptor;
	const ProtobufCFieldDescriptor *kf = &d->fields[0];
	const ProtobufCFieldDescriptor *vf = &d->fields[1];
	json_t *obj = json_object();

	for (size_t i = 0; i < n; i++) {
		const char *base = (const char *)entries[i];
		json_t *key = pbjson_value(kf, base + kf->offset);
		struct strbuf sb = STRBUF_INIT;

		if (json_is_string(key))
			strbuf_addstr(&sb, json_string_value(key));
		else if (json_is_integer(key))
			strbuf_addf(&sb, "%" JSON_INTEGER_FORMAT, json_integer_value(key));
		else
			strbuf_addstr(&sb, json_is_true(key) ? "true" : "false");
		json_object_set_new(obj, strbuf_str(&sb), pbjson_value(vf, base + vf->offset));
		strbuf_done(&sb);
		json_decref(key);
	}
	return obj;
}

static json_t *
pbjson_any(const Google__Protobuf__Any *any)
{
	json_t *obj = json_object();
	const char *url = any->type_url ? any->type_url : "";

	json_object_set_new(obj, "@type", pbjson_string(url));
	for (size_t i = 0; i < sizeof(pbjson_any_registry) / sizeof(pbjson_any_registry[0]); i++) {
		ProtobufCMessage *m = wire_any_unpack(any, pbjson_any_registry[i]);
		json_t *fields;

		if (!m)
			continue;
		fields = pbjson_message(m);
		protobuf_c_message_free_unpacked(m, NULL);
		json_object_update(obj, fields);
		json_decref(fields);
		return obj;
	}
	json_object_set_new(obj, "value", pbjson_base64(any->value.data, any->value.len));
	return obj;
}

static json_t *
pbjson_timestamp(const Google__Protobuf__Timestamp *pb)
{
	struct timestamp ts;
	char buf[RFC3339_LEN];

	wire_ts_from_pb(pb, &ts);
	timefmt_rfc3339(&ts, buf);
	return json_string(buf);
}

static json_t *
pbjson_message(const ProtobufCMessage *msg)
{
	const ProtobufCMessageDescriptor *d = msg->descriptor;
	const char *base = (const char *)msg;
	json_t *obj;

	if (d == &google__protobuf__timestamp__descriptor)
		return pbjson_timestamp((const Google__Protobuf__Timestamp *)msg);
	if (d == &google__protobuf__any__descriptor)
		return pbjson_any((const Google__Protobuf__Any *)msg);
	obj = json_object();
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const void *member = base + f->offset;

		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			const char *arr = *(char *const *)member;
			size_t elem = 0;
			json_t *a;

			if (n == 0)
				continue;
			if (pbjson_is_map(f)) {
				json_object_set_new(
				    obj, f->name, pbjson_map(f, (ProtobufCMessage *const *)arr, n));
				continue;
			}
			switch (f->type) {
			case PROTOBUF_C_TYPE_INT32:
			case PROTOBUF_C_TYPE_SINT32:
			case PROTOBUF_C_TYPE_SFIXED32:
			case PROTOBUF_C_TYPE_UINT32:
			case PROTOBUF_C_TYPE_FIXED32:
			case PROTOBUF_C_TYPE_FLOAT:
			case PROTOBUF_C_TYPE_ENUM:
				elem = 4;
				break;
			case PROTOBUF_C_TYPE_INT64:
			case PROTOBUF_C_TYPE_SINT64:
			case PROTOBUF_C_TYPE_SFIXED64:
			case PROTOBUF_C_TYPE_UINT64:
			case PROTOBUF_C_TYPE_FIXED64:
			case PROTOBUF_C_TYPE_DOUBLE:
				elem = 8;
				break;
			case PROTOBUF_C_TYPE_BOOL:
				elem = sizeof(protobuf_c_boolean);
				break;
			case PROTOBUF_C_TYPE_STRING:
			case PROTOBUF_C_TYPE_MESSAGE:
				elem = sizeof(void *);
				break;
			case PROTOBUF_C_TYPE_BYTES:
				elem = sizeof(ProtobufCBinaryData);
				break;
			}
			a = json_array();
			for (size_t k = 0; k < n; k++)
				json_array_append_new(a, pbjson_value(f, arr + k * elem));
			json_object_set_new(obj, f->name, a);
			continue;
		}
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			/* A oneof member has explicit presence: its case says it is set. */
			if (*(const uint32_t *)(base + f->quantifier_offset) != f->id)
				continue;
		} else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->quantifier_offset) {
			if (!*(const protobuf_c_boolean *)(base + f->quantifier_offset))
				continue;
		} else if (f->label != PROTOBUF_C_LABEL_REQUIRED && pbjson_is_zero(f, member)) {
			continue;
		}
		json_object_set_new(obj, f->name, pbjson_value(f, member));
	}
	return obj;
}

json_t *
pbjson_from_message(const ProtobufCMessage *msg)
{
	return pbjson_message(msg);
}
