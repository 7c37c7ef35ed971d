"""Querysets turned into SQL once per database connection, then run with new values.

Building and compiling a queryset costs Django's ORM about 0.8 ms of Python on
every request, four times what SQLite or PostgreSQL then take to answer it. The
queries every reader request runs (the story at an address, the ids on a page of
a list) have the same shape each time, so ``Prepared`` compiles each shape once,
with placeholder values, and afterwards only swaps the real values into the
parameters. Rows come back through Django's own converters and model loading,
so the objects are the ones the queryset would have made, ``select_related``
included.

Only values passed as parameters can change: a filter value, a datetime. LIMIT
and OFFSET are written into the SQL, so each slice is a shape of its own.
"""

import datetime
import itertools

from django.db import connections

# Placeholders nobody would filter on, told apart by value once compiled.
# Within 32 bits: PostgreSQL refuses an integer column a larger value (EmptyResultSet).
_INTS = itertools.count(2_100_000_001)
_PLACEHOLDER_TIME = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
# At most this many shapes per query and connection (one per page number asked).
MAX_SHAPES = 64


_ALL = []


def forget_all():
    """Compile every prepared query again on next use: ids baked into the SQL (a
    content type's, for tags) may have changed, as after restoring a backup."""
    for prepared in _ALL:
        for connection in connections.all(initialized_only=True):
            connection.__dict__.pop(prepared.name, None)


class Prepared:
    """``Prepared(build)``: ``build(**values)`` returns the queryset for those values.

    ``build`` gets placeholders once per shape (ints for ints, a datetime for a
    datetime, strings for strings), so it must use each value only as a filter
    value. ``prepared.all(slice_=(start, stop), **values)`` returns the model
    instances.
    """

    def __init__(self, build, using="default"):
        self.build = build
        self.using = using
        self.name = f"_prepared_{id(self)}"
        _ALL.append(self)

    def all(self, slice_=None, **values):
        connection = connections[self.using]
        shapes = connection.__dict__.setdefault(self.name, {})
        key = (slice_, tuple(sorted((name, type(value)) for name, value in values.items())))
        shape = shapes.get(key)
        if shape is None:
            if len(shapes) >= MAX_SHAPES:
                shapes.clear()
            shape = shapes[key] = _Shape(self.build, slice_, values, connection)
        return shape.run(values)

    def first(self, **values):
        found = self.all(slice_=(0, 1), **values)
        return found[0] if found else None


class _Shape:
    def __init__(self, build, slice_, values, connection):
        placeholders = {name: _placeholder(value) for name, value in values.items()}
        queryset = build(**placeholders)
        if slice_ is not None:
            queryset = queryset[slice_[0] : slice_[1]]
        self.compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        # Where each value goes in the parameters, and how the database wants it.
        self.slots = []
        for name, placeholder in placeholders.items():
            wanted = _as_parameter(placeholder, connection)
            positions = [i for i, param in enumerate(self.params) if param == wanted]
            if not positions:
                raise ValueError(f"{name!r} does not reach the SQL as a parameter")
            self.slots.append((name, positions))
        self.connection = connection
        # From now on this compiler answers with the SQL made above and the values of
        # the run, and the queryset's clones use it: Django loads the rows as usual.
        self._current = self.params
        self.compiler.as_sql = self._as_sql
        queryset.query.get_compiler = self._get_compiler
        self.queryset = queryset

    def _as_sql(self, *args, **kwargs):
        return self.sql, tuple(self._current)

    def _get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler

    def run(self, values):
        params = list(self.params)
        for name, positions in self.slots:
            value = _as_parameter(values[name], self.connection)
            for position in positions:
                params[position] = value
        self._current = params
        return list(self.queryset.all())


def _placeholder(value):
    if isinstance(value, datetime.datetime):
        return _PLACEHOLDER_TIME
    if isinstance(value, int):
        return next(_INTS)
    if isinstance(value, str):
        return f"placeholder-{next(_INTS)}"
    raise TypeError(f"Prepared queries take ints, strings and datetimes, not {type(value)}")


def _as_parameter(value, connection):
    """The value as the compiler leaves it in the parameters."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
