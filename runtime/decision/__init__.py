"""Turning an application into a decision: intake, notice, fees, route, clock, assembled into one model."""
