/* Socket module (excerpt): address conversion, bind, the AF_ALG helper
   method sendmsg_afalg() and the module constants. */

#define PY_SSIZE_T_CLEAN
#include "Python.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "socketmodule.h"

/* Build a Python object from a socket address (getsockname & co). */
static PyObject *
makesockaddr(SOCKET_T sockfd, struct sockaddr *addr, size_t addrlen)
{
    switch (addr->sa_family) {
    case AF_INET: {
        struct sockaddr_in *a = (struct sockaddr_in *)addr;
        return Py_BuildValue("(sH)", inet_ntoa(a->sin_addr), ntohs(a->sin_port));
    }
#ifdef HAVE_SOCKADDR_ALG
    case AF_ALG: {
        /* read-only: the fields are turned into a (type, name, feat, mask) tuple */
        struct sockaddr_alg *a = (struct sockaddr_alg *)addr;
        return Py_BuildValue("s#s#HH",
            a->salg_type, strnlen((const char *)a->salg_type, sizeof(a->salg_type)),
            a->salg_name, strnlen((const char *)a->salg_name, sizeof(a->salg_name)),
            a->salg_feat, a->salg_mask);
    }
#endif
    default:
        return Py_BuildValue("iy#", addr->sa_family, addr->sa_data,
                             (Py_ssize_t)sizeof(addr->sa_data));
    }
}

/* Parse a Python address for family s->sock_family into addrbuf. */
static int
getsockaddrarg(PySocketSockObject *s, PyObject *args, sock_addr_t *addrbuf,
               int *len_ret)
{
    switch (s->sock_family) {
    case AF_UNIX: {
        const char *path;
        if (!PyArg_Parse(args, "s", &path))
            return 0;
        addrbuf->un.sun_family = AF_UNIX;
        strncpy(addrbuf->un.sun_path, path, sizeof(addrbuf->un.sun_path) - 1);
        *len_ret = sizeof(addrbuf->un);
        return 1;
    }
#ifdef HAVE_SOCKADDR_ALG
    case AF_ALG: {
        struct sockaddr_alg *sa = &addrbuf->alg;
        const char *type, *name;

        memset(sa, 0, sizeof(*sa));
        sa->salg_family = AF_ALG; // expect: afalg-sockaddr [low]
        if (!PyArg_ParseTuple(args, "ss|HH", &type, &name,
                              &sa->salg_feat, &sa->salg_mask))
            return 0;
        /* both arrays must stay NUL terminated */
        if (strlen(type) >= sizeof(sa->salg_type) ||
            strlen(name) >= sizeof(sa->salg_name)) {
            PyErr_SetString(PyExc_ValueError, "AF_ALG type or name too long.");
            return 0;
        }
        strncpy((char *)sa->salg_type, type, sizeof(sa->salg_type));
        strncpy((char *)sa->salg_name, name, sizeof(sa->salg_name));
        *len_ret = sizeof(*sa);
        return 1;
    }
#endif
    default:
        PyErr_SetString(PyExc_OSError, "getsockaddrarg: bad family");
        return 0;
    }
}

/* s.bind(address): one bind() for every family */
static PyObject *
sock_bind(PySocketSockObject *s, PyObject *addro)
{
    sock_addr_t addrbuf;
    int addrlen, res;

    if (!getsockaddrarg(s, addro, &addrbuf, &addrlen))
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    res = bind(s->sock_fd, SAS2SA(&addrbuf), addrlen);
    Py_END_ALLOW_THREADS
    if (res < 0)
        return PyErr_SetFromErrno(PyExc_OSError);
    Py_RETURN_NONE;
}

#ifdef HAVE_SOCKADDR_ALG
/* s.sendmsg_afalg([msg], *, op[, iv[, assoclen[, flags]]]) */
static PyObject *
sock_sendmsg_afalg(PySocketSockObject *self, PyObject *args, PyObject *kwds)
{
    Py_buffer iv = {NULL, NULL};
    struct af_alg_iv *alg_iv;
    struct cmsghdr *header;
    struct msghdr msg;
    PyObject *data_arg = NULL;
    unsigned int op = 0, assoclen = 0, flags = 0;
    int assoc_given = 0;
    size_t controllen;
    char *controlbuf;
    ssize_t sent;

    if (!_sendmsg_afalg_parse(args, kwds, &data_arg, &op, &iv, &assoclen,
                              &assoc_given, &flags))
        return NULL;

    controllen = CMSG_SPACE(4);
    if (iv.buf != NULL)
        controllen += CMSG_SPACE(sizeof(*alg_iv) + iv.len);
    if (assoc_given)
        controllen += CMSG_SPACE(4);
    controlbuf = PyMem_Calloc(1, controllen);
    memset(&msg, 0, sizeof(msg));
    msg.msg_control = controlbuf;
    msg.msg_controllen = controllen;

    header = CMSG_FIRSTHDR(&msg);
    header->cmsg_level = SOL_ALG; // expect: afalg-cmsg [low]
    header->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg [low]
    header->cmsg_len = CMSG_LEN(4);
    memcpy(CMSG_DATA(header), &op, 4);

    if (iv.buf != NULL) {
        header = CMSG_NXTHDR(&msg, header);
        header->cmsg_level = SOL_ALG; // expect: afalg-cmsg [low]
        header->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg [low]
        header->cmsg_len = CMSG_LEN(sizeof(*alg_iv) + iv.len);
        alg_iv = (void *)CMSG_DATA(header);
        alg_iv->ivlen = iv.len;
        memcpy(alg_iv->iv, iv.buf, iv.len);
    }
    if (assoc_given) {
        header = CMSG_NXTHDR(&msg, header);
        header->cmsg_level = SOL_ALG; // expect: afalg-cmsg [low]
        header->cmsg_type = ALG_SET_AEAD_ASSOCLEN; // expect: afalg-cmsg [low]
        header->cmsg_len = CMSG_LEN(4);
        memcpy(CMSG_DATA(header), &assoclen, 4);
    }

    /* the descriptor is whatever socket the script created */
    sent = _sock_sendmsg_iovec(self, &msg, data_arg, flags);
    PyMem_Free(controlbuf);
    PyBuffer_Release(&iv);
    return sent < 0 ? NULL : PyLong_FromSsize_t(sent);
}
#endif /* HAVE_SOCKADDR_ALG */

static int
socket_exec(PyObject *m)
{
    /* address families */
    PyModule_AddIntMacro(m, AF_UNIX);
    PyModule_AddIntMacro(m, AF_INET);
#ifdef AF_ALG
    PyModule_AddIntMacro(m, AF_ALG);
#endif
#ifdef SOL_ALG
    PyModule_AddIntMacro(m, SOL_ALG);
#endif
#ifdef HAVE_SOCKADDR_ALG
    PyModule_AddIntMacro(m, ALG_SET_KEY);
    PyModule_AddIntMacro(m, ALG_SET_IV);
    PyModule_AddIntMacro(m, ALG_SET_OP);
    PyModule_AddIntMacro(m, ALG_SET_AEAD_ASSOCLEN);
    PyModule_AddIntMacro(m, ALG_SET_AEAD_AUTHSIZE);
    PyModule_AddIntMacro(m, ALG_OP_DECRYPT);
    PyModule_AddIntMacro(m, ALG_OP_ENCRYPT);
#endif
    return 0;
}
