global using DxTracker.Domain.Identity;
