"""Unknown vessels on the feed are created once and flagged once; AIS static data is applied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.models import AlertRow, Vessel
from infra.repositories.vessels import apply_static_updates, register_sightings, registry_scope
from services.vessels import StaticUpdate, VesselDirectory, VesselRecord
from services.vessels.sync import RegistrySync
from services.vocabulary import AlertKind, Severity
from streams.records import PositionReport

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def fix(vessel_id: str, minutes: int, mmsi: int | None = None) -> PositionReport:
    return PositionReport(
        vessel_id=vessel_id,
        ts=T0 + timedelta(minutes=minutes),
        lat=15.38,
        lon=109.15,
        speed_kn=7.0,
        course_deg=95.0,
        source="ais" if mmsi else "vms",
        mmsi=mmsi,
    )


def test_unknown_vessels_created_once_and_flagged_once(db_url: str) -> None:
    batch = [
        fix("MMSI-574000001", 5, 574000001),
        fix("MMSI-574000001", 1, 574000001),
        fix("QNg-99999-TS", 3),
    ]
    with session_scope(db_url) as session:
        alerts = register_sightings(session, batch)
    assert sorted(a.vessel_id or "" for a in alerts) == ["MMSI-574000001", "QNg-99999-TS"]
    ais = next(a for a in alerts if a.vessel_id == "MMSI-574000001")
    assert ais.kind == AlertKind.UNKNOWN_VESSEL and ais.severity == Severity.INFO
    assert ais.ts == T0 + timedelta(minutes=1)  # the first fix, not the first in the batch
    assert "MMSI 574000001" in ais.message and "chưa có trong sổ đăng ký" in ais.message
    assert "15,3800°B 109,1500°Đ" in ais.message
    with session_scope(db_url) as session:
        again = register_sightings(session, [fix("MMSI-574000001", 9, 574000001)])
        rows = list(session.scalars(select(Vessel).order_by(Vessel.vessel_id)))
    assert again == []
    assert [(r.vessel_id, r.registered, r.mmsi) for r in rows] == [
        ("MMSI-574000001", False, 574000001),
        ("QNg-99999-TS", False, None),
    ]


def test_alert_id_is_stable_across_replays(db_url: str) -> None:
    with session_scope(db_url) as session:
        [first] = register_sightings(session, [fix("MMSI-574000002", 0, 574000002)])
    with session_scope(db_url) as session:
        session.delete(session.get(Vessel, "MMSI-574000002"))
    with session_scope(db_url) as session:
        [replayed] = register_sightings(session, [fix("MMSI-574000002", 30, 574000002)])
    assert first.alert_id == replayed.alert_id


def test_static_updates_name_and_call_sign(db_url: str) -> None:
    with session_scope(db_url) as session:
        session.add(
            Vessel(
                vessel_id="QNg-90042-TS",
                name="Bình Minh 88",
                mmsi=574614102,
                registered=True,
                high_risk=False,
                created_at=T0,
                updated_at=T0,
            )
        )
    updates = [
        StaticUpdate(574614102, "QNg-90042-TS", 24, name="BINH MINH 88"),
        StaticUpdate(574614102, "QNg-90042-TS", 24, call_sign="XVF7166"),
        StaticUpdate(574000003, "MMSI-574000003", 5, name="HAI AU 03", call_sign="XVA0003"),
    ]
    with session_scope(db_url) as session:
        result = apply_static_updates(session, updates, ts=T0)
    assert [a.vessel_id for a in result.alerts] == ["MMSI-574000003"]
    assert "HAI AU 03" in result.alerts[0].message
    with session_scope(db_url) as session:
        registered = session.get(Vessel, "QNg-90042-TS")
        new = session.get(Vessel, "MMSI-574000003")
        assert registered is not None and new is not None
        assert registered.name == "Bình Minh 88"  # same name without accents: kept
        assert registered.call_sign == "XVF7166"
        assert (new.name, new.call_sign, new.registered) == ("HAI AU 03", "XVA0003", False)
    with session_scope(db_url) as session:
        again = apply_static_updates(session, updates, ts=T0)
    assert again.updated == 0 and again.alerts == []
    with session_scope(db_url) as session:
        renamed = apply_static_updates(
            session, [StaticUpdate(574614102, "QNg-90042-TS", 5, name="PHUOC LOC 16")]
        )
        assert renamed.updated == 1
        row = session.get(Vessel, "QNg-90042-TS")
        assert row is not None and row.name == "PHUOC LOC 16"


def test_registry_sync_touches_the_database_only_for_news(db_url: str) -> None:
    calls = []

    def scope():  # type: ignore[no-untyped-def]
        calls.append(1)
        return registry_scope(db_url)

    sync = RegistrySync(scope, VesselDirectory([VesselRecord("QNg-90123-TS")]))
    assert sync.positions([fix("QNg-90123-TS", 0)]) == []
    assert calls == []  # registered vessel: no query at all
    alerts = sync.positions([fix("MMSI-574000004", 0, 574000004)] * 3)
    assert len(alerts) == 1 and len(calls) == 1
    assert sync.positions([fix("MMSI-574000004", 1, 574000004)]) == []
    assert len(calls) == 1
    update = StaticUpdate(574000004, "MMSI-574000004", 5, name="TAN AN 04")
    sync.statics([update])
    sync.statics([update])
    assert len(calls) == 2  # the repeated name was not written again
    with session_scope(db_url) as session:
        row = session.get(Vessel, "MMSI-574000004")
        assert row is not None and row.name == "TAN AN 04"


def _stored_alerts(url: str) -> list[tuple[str, str | None]]:
    with session_scope(url) as session:
        return list(session.execute(select(AlertRow.kind, AlertRow.vessel_id)).tuples())


def test_the_unknown_vessel_alert_is_stored_with_the_vessel_or_not_at_all(db_url: str) -> None:
    # a worker killed after creating the vessel, before sending the alert on, must not lose it:
    # the alert row commits in the vessel's own transaction
    with session_scope(db_url) as session:
        assert len(register_sightings(session, [fix("QNg-99998-TS", 0)])) == 1
    assert _stored_alerts(db_url) == [("UNKNOWN_VESSEL", "QNg-99998-TS")]
    with session_scope(db_url) as session:  # the replay after the crash: no second alert
        assert register_sightings(session, [fix("QNg-99998-TS", 0)]) == []
    assert len(_stored_alerts(db_url)) == 1

    class Crash(Exception):
        pass

    try:  # a transaction that fails after the sighting keeps neither the vessel nor its alert
        with session_scope(db_url) as session:
            register_sightings(session, [fix("QNg-99997-TS", 0)])
            raise Crash
    except Crash:
        pass
    with session_scope(db_url) as session:
        assert session.get(Vessel, "QNg-99997-TS") is None
    assert len(_stored_alerts(db_url)) == 1


def test_a_vessel_first_met_in_static_data_has_its_alert_stored_too(db_url: str) -> None:
    update = StaticUpdate(574000009, "MMSI-574000009", msg_type=5, name="HOANG SA 09")
    with session_scope(db_url) as session:
        result = apply_static_updates(session, [update], ts=T0)
    assert [a.kind for a in result.alerts] == [AlertKind.UNKNOWN_VESSEL]
    assert _stored_alerts(db_url) == [("UNKNOWN_VESSEL", "MMSI-574000009")]
    with session_scope(db_url) as session:
        assert apply_static_updates(session, [update], ts=T0).alerts == []
    assert len(_stored_alerts(db_url)) == 1


def test_static_updates_keep_the_ais_ship_type(db_url: str) -> None:
    """Type 30 is fishing: the fleet rules tell a foreign fisher from a merchant ship by it."""
    fisher = StaticUpdate(412440001, "MMSI-412440001", 5, name="MIN YU 1", ship_type=30)
    with session_scope(db_url) as session:
        apply_static_updates(session, [fisher], ts=T0)
    with session_scope(db_url) as session:
        row = session.get(Vessel, "MMSI-412440001")
        assert row is not None and row.ship_type == 30
    with session_scope(db_url) as session:
        changed = apply_static_updates(session, [StaticUpdate(412440001, "MMSI-412440001", 5,
                                                              ship_type=70)])  # fmt: skip
        assert changed.updated == 1
        row = session.get(Vessel, "MMSI-412440001")
        assert row is not None and row.ship_type == 70
