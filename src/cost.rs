//! Figures of a plan: miles, hours, £, CO2.
