"""The exercises ACL reconstruction plans use, for the exercise catalog (the
``planlint_exercise_catalog`` hook).

Every entry gives ``contraction``, ``kind`` and ``region`` (format 1.1), and every
conditioning entry its ``mode``: the ACL rules count running only on positive
evidence (a sprint, or conditioning whose mode is ``run``), so a catalog entry that
is running must say so. Entries the built-in catalog already has (``leg_press``,
``split_squat``, ``wall_sit``, ``spanish_squat``, ``isometric_knee_extension``,
``eccentric_knee_extension``, ``reverse_nordic``, ``drop_jump``, ``box_jump``,
``pogo_hops``, ``lateral_hop``, ``bounding``, ``change_of_direction``, ``tempo_run``,
``stationary_bike``, ``aqua_jogging``, ``walking``, ``single_leg_balance`` ...) are not
repeated: a plugin entry with the same id would replace planlint's.

Hop tests are ``plyometric``: testing a hop loads the knee as the drill does, so
AC004 asks for the same quadriceps strength before a hop test as before hop training.
"""

from __future__ import annotations

_LOWER = {"region": "lower"}


def _entry(name: str, contraction: str, kind: str, notes: str | None = None, **more) -> dict:
    entry = {"name": name, "contraction": contraction, "kind": kind, **_LOWER, **more}
    if notes:
        entry["notes"] = notes
    return entry


EXERCISES: dict[str, dict] = {
    # -- early post-operative: extension, quadriceps activation, range ---------------------
    "quadriceps_setting": _entry("Quadriceps setting (static quads)", "isometric", "strength", "early post-operative activation"),
    "straight_leg_raise": _entry("Straight-leg raise", "mixed", "strength", "no extensor lag first"),
    "nmes_quadriceps": _entry(
        "Quadriceps NMES", "isometric", "strength", "neuromuscular electrical stimulation with a voluntary contraction"
    ),
    "heel_slide": _entry("Heel slide", "mixed", "mobility", "knee flexion range"),
    "prone_hang": _entry("Prone hang", "none", "mobility", "knee extension range"),
    "patellar_mobilisation": _entry("Patellar mobilisation", "none", "soft_tissue"),
    "mini_squat": _entry("Mini squat, 0-45 degrees", "mixed", "strength"),
    # -- open-chain knee extension: the range is the point -------------------------------
    "knee_extension_90_45": _entry(
        "Knee extension, open chain, 90-45 degrees",
        "mixed",
        "strength",
        "restricted range (90 to 45 degrees of knee flexion): little anterior tibial translation; the usual early range",
    ),
    "knee_extension_full_range": _entry(
        "Knee extension, open chain, full range (90-0 degrees)",
        "mixed",
        "strength",
        "full range: most anterior tibial translation near extension; commonly from about 12 weeks, progressively loaded",
    ),
    # -- closed-chain strength and control ------------------------------------------------
    "single_leg_press": _entry("Single-leg press", "mixed", "strength"),
    "back_squat": _entry("Back squat", "mixed", "strength"),
    "goblet_squat": _entry("Goblet squat", "mixed", "strength"),
    "bulgarian_split_squat": _entry("Bulgarian split squat", "mixed", "strength"),
    "step_up": _entry("Step-up", "mixed", "strength"),
    "step_down": _entry("Step-down (forward or lateral)", "mixed", "strength", "knee over the second toe, controlled lowering"),
    "single_leg_squat": _entry("Single-leg squat", "mixed", "strength"),
    "hamstring_curl_machine": _entry("Hamstring curl, machine", "mixed", "strength", "hamstring graft: load later"),
    "hip_abduction_band": _entry("Hip abduction, band or side-lying", "mixed", "strength"),
    "standing_calf_raise": _entry("Standing calf raise", "mixed", "strength"),
    "perturbation_training": _entry(
        "Perturbation training (roller board, tilt board)",
        "mixed",
        "neuromuscular",
        "Delaware perturbation programme (Fitzgerald et al. 2000)",
    ),
    # -- landing and plyometrics -----------------------------------------------------------
    "landing_drill": _entry(
        "Jump-landing drill, double leg, stick the landing",
        "mixed",
        "plyometric",
        "landing technique: knee over toe, soft landing",
    ),
    "single_leg_landing": _entry("Single-leg landing and stick", "mixed", "plyometric"),
    "drop_landing": _entry("Drop landing from a box", "mixed", "plyometric"),
    "squat_jump": _entry("Squat jump", "mixed", "plyometric"),
    "countermovement_jump": _entry("Countermovement jump", "mixed", "plyometric"),
    "tuck_jump": _entry("Tuck jump", "mixed", "plyometric"),
    "lateral_bound": _entry("Lateral bound (skater jump)", "mixed", "plyometric"),
    "single_leg_hop_forward": _entry("Single-leg forward hops", "mixed", "plyometric"),
    # -- hop tests (Noyes et al. 1991): the hop battery ------------------------------------
    "single_hop_test": _entry("Single hop for distance", "mixed", "plyometric", "hop test (Noyes et al. 1991)"),
    "triple_hop_test": _entry("Triple hop for distance", "mixed", "plyometric", "hop test (Noyes et al. 1991)"),
    "crossover_hop_test": _entry("Crossover hop for distance", "mixed", "plyometric", "hop test (Noyes et al. 1991)"),
    "timed_6m_hop_test": _entry("6 m timed hop", "mixed", "plyometric", "hop test (Noyes et al. 1991)"),
    # -- running and conditioning ------------------------------------------------------------
    "walk_run_intervals": _entry(
        "Walk-run intervals", "mixed", "conditioning", "running re-entry (e.g. 1 min run, 1 min walk)", mode="run"
    ),
    "treadmill_run": _entry("Treadmill run", "mixed", "conditioning", mode="run"),
    "anti_gravity_treadmill_run": _entry(
        "Anti-gravity (unweighted) treadmill run",
        "mixed",
        "conditioning",
        "running at part body weight: still running",
        mode="run",
    ),
    "straight_line_run": _entry("Straight-line running", "mixed", "conditioning", mode="run"),
    "shuttle_run": _entry("Shuttle run", "mixed", "conditioning", "running with turns", mode="run"),
    "stair_climber": _entry("Stair climber", "mixed", "conditioning", mode="other"),
    # -- cutting and change of direction -------------------------------------------------------
    "deceleration_drill": _entry("Deceleration drill", "mixed", "neuromuscular"),
    "cutting_drill_planned": _entry(
        "Cutting drill, planned (45 then 90 degrees)", "mixed", "neuromuscular", "pre-planned change of direction"
    ),
    "cutting_drill_reactive": _entry(
        "Cutting drill, reactive (unplanned)", "mixed", "neuromuscular", "change of direction on a signal: the injury mechanism"
    ),
    "agility_t_test": _entry(
        "Agility T-test", "mixed", "sprint", "maximal running with changes of direction (Kyritsis et al. 2016)"
    ),
    "on_field_rehabilitation": _entry(
        "On-field rehabilitation", "mixed", "sport_specific", "individual sport-specific work on the pitch", region="whole"
    ),
}
