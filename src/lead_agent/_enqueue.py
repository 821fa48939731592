"""Queue many DBOS workflows inside the caller's transaction with two statements, not two per workflow.

`DBOSClient.enqueue_in_transaction` inserts one workflow's status row and input row per call, each statement
compiled and bound on its own (SQLite gets no prepared-statement cache there): under a burst of webhooks that was
~85% of the accepting transaction's CPU and a quarter of the host's, which holds one GIL for its event loop and this
thread. DBOS's own batch insert (`SystemDatabase.init_workflows`) opens its own transaction, and a submission must be
stored and queued together. So the rows are built here as `enqueue_in_transaction` builds them (DBOS's
`build_enqueue_status` serializes the inputs) and inserted as one executemany per table on the caller's connection.

This reads DBOS internals (`_sys_db`, its tables and dialect): `tests/test_durability.py` enqueues the same workflow
both ways and compares every column, so a DBOS release that changes the rows fails there, not in production.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dbos import DBOSClient
from dbos._enqueue_options import EnqueueOptions
from dbos._utils import generate_uuid
from sqlalchemy import Connection

__all__ = ('enqueue_many',)


def enqueue_many(client: DBOSClient, conn: Connection, calls: Sequence[tuple[EnqueueOptions, tuple[Any, ...]]]) -> None:
    """Queue each `(options, args)` workflow on `conn`, in the caller's transaction (which commits or rolls back).

    A workflow id already in the table is left as it is, as `enqueue_in_transaction` leaves it for the same workflow
    (which, unlike this, raises if the row is another workflow's: run ids are new uuids, and the run's own row, stored
    first in the same transaction, already refuses a reused one).
    """
    if not calls:
        return
    sys_db = client._sys_db  # pyright: ignore[reportPrivateUsage]
    statuses: list[dict[str, Any]] = []
    inputs: list[dict[str, Any]] = []
    for options, args in calls:
        if options.get('workflow_id_reuse_policy') or options.get('duplication_policy'):
            raise ValueError('enqueue_many queues plain workflows: no reuse or duplication policy')
        _, status = client._build_enqueue_status(options, *args)  # pyright: ignore[reportPrivateUsage]
        if status['status'] != 'ENQUEUED' or status['deduplication_id'] is not None:
            raise ValueError('enqueue_many queues plain workflows: no delay or deduplication id')
        workflow_id = status['workflow_uuid']
        keys = sys_db._wf_values(workflow_id, shard_key=status['shard_key'])  # pyright: ignore[reportPrivateUsage]
        statuses.append({
            **keys, **sys_db._parent_values(status['parent_workflow_id']),  # pyright: ignore[reportPrivateUsage]
            'workflow_uuid': workflow_id, 'status': status['status'], 'name': status['name'],
            'class_name': status['class_name'], 'config_name': status['config_name'],
            'executor_id': status['executor_id'], 'application_version': status['app_version'],
            'application_id': status['app_id'], 'authenticated_user': status['authenticated_user'],
            'authenticated_roles': status['authenticated_roles'], 'assumed_role': status['assumed_role'],
            'queue_name': status['queue_name'], 'recovery_attempts': 0,
            'workflow_timeout_ms': status['workflow_timeout_ms'],
            'workflow_deadline_epoch_ms': status['workflow_deadline_epoch_ms'], 'deduplication_id': None,
            'priority': status['priority'], 'serialization': status['serialization'],
            'queue_partition_key': status['queue_partition_key'], 'parent_workflow_id': status['parent_workflow_id'],
            'creator_xid': generate_uuid(), 'owner_xid': None,
            'delay_until_epoch_ms': status['delay_until_epoch_ms'], 'attributes': status['attributes'],
            'schedule_name': status['schedule_name'], 'debounce_deadline_epoch_ms': status['debounce_deadline_epoch_ms'],
            'is_debounced': status['is_debounced'], 'application_name': status['application_name'],
        })
        inputs.append({**keys, 'workflow_uuid': workflow_id, 'inputs': status['inputs']})
    sys_db._apply_caller_schema(conn)  # pyright: ignore[reportPrivateUsage]
    tables, conflict = sys_db.tables, sys_db._key_conflict  # pyright: ignore[reportPrivateUsage]
    conn.execute(sys_db.dialect.insert(tables.workflow_status)
                 .on_conflict_do_nothing(index_elements=conflict('workflow_uuid')), statuses)
    conn.execute(sys_db.dialect.insert(tables.workflow_input)
                 .on_conflict_do_nothing(index_elements=conflict('workflow_uuid')), inputs)
