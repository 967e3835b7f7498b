"""/rekap: my month as a chart, my team's or a unit's month as heat-maps, and the exports."""
