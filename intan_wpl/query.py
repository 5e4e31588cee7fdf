"""Query helpers every app uses: a correlated COUNT or SUM per outer row, and a switch for
PostgreSQL's JIT around heavy aggregates. One definition each (tests/test_architecture.py)."""

from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, DecimalField, IntegerField, Subquery, Sum, Value
from django.db.models.functions import Coalesce

# Wide enough for any sum of JP or Rupiah the portal shows.
TOTAL_FIELD = DecimalField(max_digits=20, decimal_places=1)


def count_subquery(queryset, key):
    """COUNT(*) of `queryset` per `key`, for annotate(): `queryset` is already correlated to the
    outer row (OuterRef), `key` is the field it is correlated on. 0 when there is no row. One
    correlated subquery: unlike joins, several of them never multiply each other's rows."""
    counted = queryset.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def sum_subquery(queryset, key, field, *, output_field=TOTAL_FIELD):
    """SUM(`field`) of `queryset` per `key`, like count_subquery; 0 when there is no row."""
    summed = queryset.order_by().values(key).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(summed, output_field=output_field), Value(Decimal(0)), output_field=output_field)


@contextmanager
def without_jit():
    """Run the enclosed queries with PostgreSQL's JIT compiler off. Aggregates that carry dozens
    of correlated subqueries pass jit_above_cost, and PostgreSQL then spends seconds compiling a
    plan that runs in milliseconds. SET LOCAL ends with the transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield
