"""Consular cases: every detained fisherman followed from detention to home (pure domain)."""
