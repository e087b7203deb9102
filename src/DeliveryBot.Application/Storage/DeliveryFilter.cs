namespace DeliveryBot.Application.Storage;

public enum DeliveryFilter { Open, Closed, All }
