package io.managedobjects.autoconfigure.app;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An ordinary JavaBean of the application's own package: trusted by default, stored as itself. */
public class Order {
    private String customer;
    private BigDecimal total;
    private List<String> lines = new ArrayList<>();

    public String getCustomer() { return customer; }
    public void setCustomer(String customer) { this.customer = customer; }
    public BigDecimal getTotal() { return total; }
    public void setTotal(BigDecimal total) { this.total = total; }
    public List<String> getLines() { return lines; }
    public void setLines(List<String> lines) { this.lines = lines; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Order other && Objects.equals(other.customer, customer) && Objects.equals(other.total, total)
                && Objects.equals(other.lines, lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customer, total, lines);
    }
}
